// pass@1, pass@k, cons@K and their bookkeeping.
#include "r1/graders/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace r1::graders {

double PassAtK(int n, int c, int k) {
  if (n - c < k) return 1.0;
  // C(n-c,k)/C(n,k) = prod_{i=n-c+1}^{n} (1 - k/i)  (Chen et al. 2021, numerically stable form)
  double fail = 1.0;
  for (int i = n - c + 1; i <= n; ++i) fail *= 1.0 - static_cast<double>(k) / i;
  return 1.0 - fail;
}

Vote MajorityVote(const std::vector<SampleOutcome>& samples) {
  std::vector<const SampleOutcome*> ordered;
  for (const auto& s : samples) {
    if (!s.errored && !s.unscored && !s.key.empty()) ordered.push_back(&s);
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](auto* a, auto* b) { return a->sample_index < b->sample_index; });
  // key -> (votes, first position, correctness of the first sample with that key)
  struct Tally {
    int votes = 0;
    std::size_t first = 0;
    bool correct = false;
  };
  std::map<std::string, Tally> tally;
  for (std::size_t pos = 0; pos < ordered.size(); ++pos) {
    auto [it, inserted] = tally.try_emplace(ordered[pos]->key);
    if (inserted) {
      it->second.first = pos;
      it->second.correct = ordered[pos]->correct;
    }
    ++it->second.votes;
  }
  Vote best;
  int best_votes = 0;
  std::size_t best_first = std::numeric_limits<std::size_t>::max();
  for (const auto& [key, t] : tally) {
    if (t.votes > best_votes || (t.votes == best_votes && t.first < best_first)) {
      best = {key, t.correct};
      best_votes = t.votes;
      best_first = t.first;
    }
  }
  return best;
}

RunMetrics ComputeMetrics(const std::vector<ProblemOutcome>& problems) {
  RunMetrics m;
  std::vector<double> per_problem;
  std::vector<std::pair<int, int>> counts;  // (n scored, c correct)
  double token_sum = 0;
  int token_n = 0;
  int cons_correct = 0;
  for (const auto& problem : problems) {
    if (problem.samples.empty()) continue;
    ++m.problems;
    m.samples_per_problem = std::max<int>(m.samples_per_problem, problem.samples.size());
    int n = 0, c = 0;
    for (const auto& s : problem.samples) {
      ++m.total;
      if (s.errored) {
        ++m.errors;
        continue;
      }
      if (s.unscored) {
        ++m.unscored;
        continue;
      }
      ++n;
      c += s.correct ? 1 : 0;
      m.truncated += s.truncated ? 1 : 0;
      if (s.completion_tokens >= 0) {
        token_sum += static_cast<double>(s.completion_tokens);
        ++token_n;
      }
    }
    if (n == 0) continue;
    per_problem.push_back(static_cast<double>(c) / n);
    counts.emplace_back(n, c);
    cons_correct += MajorityVote(problem.samples).correct ? 1 : 0;
  }
  m.problems_scored = static_cast<int>(per_problem.size());
  m.mean_completion_tokens = token_n ? token_sum / token_n : 0;
  if (per_problem.empty()) return m;

  const double p = static_cast<double>(per_problem.size());
  double mean = 0;
  for (double v : per_problem) mean += v;
  mean /= p;
  double ss = 0;
  for (double v : per_problem) ss += (v - mean) * (v - mean);
  m.pass1 = mean;
  m.pass1_stderr = per_problem.size() > 1 ? std::sqrt(ss / (p - 1)) / std::sqrt(p) : 0;
  m.cons = cons_correct / p;

  int min_n = std::numeric_limits<int>::max();
  for (auto [n, c] : counts) min_n = std::min(min_n, n);
  m.min_scored = m.problems_scored < m.problems ? 0 : min_n;
  for (int k = 1; k <= min_n; k *= 2) {
    double sum = 0;
    for (auto [n, c] : counts) sum += PassAtK(n, c, k);
    m.pass_at_k[k] = sum / p;
  }
  // The full K is always reported, also when it is not a power of two.
  if (!m.pass_at_k.contains(min_n)) {
    double sum = 0;
    for (auto [n, c] : counts) sum += PassAtK(n, c, min_n);
    m.pass_at_k[min_n] = sum / p;
  }
  return m;
}

}  // namespace r1::graders
