#!/bin/bash
# r1-eval on Slurm: one array task per shard, each serving the model itself with vLLM on its GPU
# (started and stopped by r1-eval --serve) and writing its own store. Submit, then merge once
# every task has finished:
#
#   mkdir -p logs results
#   jid=$(sbatch --parsable docs/cluster/slurm-array.sh)
#   sbatch --dependency=afterok:"$jid" --job-name=r1-eval-merge --output=logs/merge-%j.out \
#          --wrap 'cd results && rm -f all.db && r1-eval merge all.db shard-*.db &&
#                  r1-eval report --db all.db --format markdown -o report.md'
#
# A task that ends early (preempted, time limit, node failure, or exit 1 because some samples
# ended in server errors) is finished by submitting the same array again: each task resumes its
# own store and asks only for what is missing. afterok holds the merge until all tasks succeed.
#
#SBATCH --job-name=r1-eval
#SBATCH --array=0-7                 # SHARDS = 8: tasks 0..7; change --shard below to match
#SBATCH --gres=gpu:1
#SBATCH --cpus-per-task=8
#SBATCH --mem=64G
#SBATCH --time=24:00:00
#SBATCH --output=logs/r1-eval-%A_%a.out
#SBATCH --signal=B:TERM@300         # SIGTERM 5 min before the time limit: r1-eval stores what
                                    # arrived, stops vLLM and exits; resubmitting resumes
set -euo pipefail

shards=8
shard=${SLURM_ARRAY_TASK_ID}
results=${R1_RESULTS:-$SLURM_SUBMIT_DIR/results}
model=${R1_MODEL:-deepseek-ai/DeepSeek-R1-Distill-Qwen-7B}
# Tasks may share a node (one GPU each): each takes its own port.
port=$((20000 + shard))
mkdir -p "$results"

# Model weights are downloaded once into a shared cache (set HF_HOME to a shared file system).
export HF_HOME=${HF_HOME:-$SLURM_SUBMIT_DIR/hf-cache}

# exec: r1-eval becomes the batch shell, so the --signal above reaches it directly.
# vLLM does not publish how many sequences it runs at once, so --concurrency says it:
# --max-num-seqs 256 plus a queue of 32 (r1-eval reads llama.cpp's and SGLang's own).
exec r1-eval \
  --suite aime2024,aime2025,math500 \
  --model "http://127.0.0.1:${port}/v1" \
  --serve "vllm serve ${model} --host 127.0.0.1 --port ${port} --max-model-len 34816 --max-num-seqs 256 --reasoning-parser deepseek_r1" \
  --serve-timeout 1800 \
  --concurrency 288 \
  --shard "${shard}/${shards}" \
  --db "${results}/shard-${shard}.db"
