// r1-fake-server: the fake OpenAI-compatible server as a process, for benchmarks and CLI
// end-to-end tests. Prints "listening on http://127.0.0.1:PORT/v1" as its first line and
// serves until SIGINT or SIGTERM.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <chrono>
#include <thread>
#include <vector>

#include "event_loop_server.h"
#include "fake_openai_server.h"

namespace {

using nlohmann::json;
using r1::testing::Reply;

struct CannedAnswer {
  std::string prompt_contains;
  Reply reply;
};

r1::Result<std::vector<CannedAnswer>> LoadAnswers(const std::string& path) {
  std::vector<CannedAnswer> answers;
  if (path.empty()) return answers;
  std::ifstream in(path);
  if (!in) return r1::Fail(r1::ErrorCode::kNotFound, path + ": cannot open");
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = path + ":" + std::to_string(number);
    const json row = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!row.is_object() || !row.contains("prompt_contains") ||
        !row["prompt_contains"].is_string()) {
      return r1::Fail(r1::ErrorCode::kInvalidArgument,
                      where + ": expected an object with a string \"prompt_contains\"");
    }
    CannedAnswer answer;
    answer.prompt_contains = row["prompt_contains"].get<std::string>();
    const auto text = [&row](const char* key, std::string& out) {
      if (row.contains(key) && row[key].is_string()) out = row[key].get<std::string>();
    };
    text("content", answer.reply.content);
    text("reasoning_content", answer.reply.reasoning_content);
    text("finish_reason", answer.reply.finish_reason);
    if (row.contains("completion_tokens") && row["completion_tokens"].is_number_integer()) {
      answer.reply.completion_tokens = row["completion_tokens"].get<std::int64_t>();
    }
    answers.push_back(std::move(answer));
  }
  return answers;
}

std::string LastUserMessage(const json& request) {
  const auto messages = request.find("messages");
  if (messages == request.end() || !messages->is_array()) return "";
  for (auto it = messages->rbegin(); it != messages->rend(); ++it) {
    if (it->is_object() && it->value("role", "") == "user" && it->contains("content") &&
        (*it)["content"].is_string()) {
      return (*it)["content"].get<std::string>();
    }
  }
  return "";
}

// The --event-loop server runs on this thread; another waits for the stop signal.
int ServeOnEventLoop(r1::testing::Script script, const std::string& model, int port,
                     int keep_alive_s, std::map<std::string, std::string> pages,
                     sigset_t stop_signals) {
  r1::testing::EventLoopServerOptions options;
  options.port = port;
  options.models = {model};
  options.pages = std::move(pages);
  options.keep_alive_s = keep_alive_s;
  auto server = r1::testing::EventLoopServer::Listen(std::move(script), std::move(options));
  if (!server) {
    std::cerr << "r1-fake-server: " << server.error().message << "\n";
    return 3;
  }
  std::cout << "listening on " << server->base_url() << std::endl;
  std::thread stopper([&server, stop_signals] {
    int received = 0;
    sigwait(&stop_signals, &received);
    server->Stop();
  });
  const std::uint64_t chat_requests = server->Serve();
  stopper.join();
  std::cout << "chat requests " << chat_requests << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Fake OpenAI-compatible chat-completions server for tests and benchmarks"};
  int port = 0;
  int latency_ms = 0;
  int fail_every = 0;
  std::string model = "fake-model";
  std::string answers_path;
  int threads = 600;
  int keep_alive_s = 1;
  bool coalesce = false;
  std::vector<std::string> pages;
  std::size_t reply_bytes = 0;
  std::size_t chunk_chars = 16;
  int slots = 0;
  std::uint64_t outage_after = 0;
  double outage_s = 0;
  app.add_option("--reply-bytes", reply_bytes,
                 "content of this many bytes (a \\boxed{} answer at the end) instead of the default");
  app.add_option("--chunk-chars", chunk_chars, "content bytes per stream event")
      ->check(CLI::Range(1, 1 << 20));
  app.add_option("--slots", slots,
                 "queue mode: answer this many chat requests at once; the rest wait silent "
                 "(no headers) for a slot, as llama-server does")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--outage-after", outage_after,
                 "outage mode: after this many chat requests close the port and cut every "
                 "stream for --outage-s seconds, then listen again");
  app.add_option("--outage-s", outage_s, "length of the outage")->check(CLI::NonNegativeNumber);
  app.add_option("--port", port, "TCP port on 127.0.0.1; 0 picks a free one")
      ->check(CLI::Range(0, 65535));
  app.add_option("--latency-ms", latency_ms, "delay before each answer")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--model", model, "the served model name");
  app.add_option("--answers", answers_path,
                 "JSONL of {prompt_contains, content, reasoning_content, finish_reason, "
                 "completion_tokens}; the first line matching the last user message wins")
      ->check(CLI::ExistingFile);
  app.add_option("--fail-every", fail_every, "answer every Nth chat request with HTTP 500")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--threads", threads,
                 "requests answered at once (a server's batch capacity); more wait in line")
      ->check(CLI::Range(1, 4096));
  app.add_option("--keep-alive-s", keep_alive_s,
                 "how long an idle connection, or a new one whose request has not arrived, "
                 "is kept open (llama-server and uvicorn keep 5 s)")
      ->check(CLI::Range(1, 3600));
  app.add_flag("--coalesce", coalesce,
               "send stream events that are due together in one write instead of one write "
               "each (the server's own send calls then cost little next to the client's)");
  bool event_loop = false;
  auto* event_loop_flag = app.add_flag(
      "--event-loop", event_loop,
      "serve from one thread on epoll, as uvicorn does, instead of a thread per connection "
      "(events due together go out in one write; no --slots, --outage-after or --threads)");
  app.add_option("--page", pages,
                 "PATH=JSON: one more GET page, e.g. '/props={\"total_slots\":4}' as llama.cpp "
                 "says its slots");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;  // the project's exit code for bad usage
  }
  for (const char* name : {"--slots", "--outage-after", "--threads"}) {
    if (event_loop && app.count(name) > 0) {
      std::cerr << "r1-fake-server: " << name << " does not apply to " << event_loop_flag->get_name()
                << "\n";
      return 2;
    }
  }

  auto answers = LoadAnswers(answers_path);
  if (!answers) {
    std::cerr << "r1-fake-server: " << answers.error().message << "\n";
    return 2;
  }

  // A connection per stream: a shell's soft limit of 1,024 open files is too few at 1,024
  // streams, and an event loop whose accept fails would spin on its listener.
  if (rlimit files{}; getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }

  // Block the stop signals before any server thread exists, so every thread inherits the
  // mask and main() alone receives them through sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::string long_content;
  if (reply_bytes > 0) {
    const std::string answer = " \\boxed{1}";
    long_content = "<think>" + std::string(reply_bytes > answer.size() + 15 ? reply_bytes - answer.size() - 15 : 0, 'x') +
                   "</think>" + answer;
  }
  auto script = [canned = std::move(*answers), latency_ms, fail_every, long_content,
                 chunk_chars](const json& request, std::uint64_t sequence) {
    Reply reply;
    reply.chunk_chars = chunk_chars;
    if (!long_content.empty()) reply.content = long_content;
    if (fail_every > 0 && sequence % static_cast<std::uint64_t>(fail_every) == 0) {
      reply.fault = r1::testing::Fault::kStatus;
      reply.status = 500;
    } else {
      const std::string prompt = LastUserMessage(request);
      for (const CannedAnswer& answer : canned) {
        if (prompt.find(answer.prompt_contains) != std::string::npos) {
          reply = answer.reply;
          reply.chunk_chars = chunk_chars;
          break;
        }
      }
    }
    reply.latency_ms = latency_ms;
    return reply;
  };
  r1::testing::FakeServerOptions options;
  options.models = {model};
  options.port = port;
  options.threads = threads;
  options.keep_alive_s = keep_alive_s;
  options.coalesce = coalesce;
  for (const std::string& page : pages) {
    const std::size_t eq = page.find('=');
    if (eq == std::string::npos || !page.starts_with("/")) {
      std::cerr << "r1-fake-server: --page " << page << ": expected /PATH=JSON\n";
      return 2;
    }
    options.pages[page.substr(0, eq)] = page.substr(eq + 1);
  }
  if (event_loop) return ServeOnEventLoop(std::move(script), model, port, keep_alive_s, options.pages,
                                         stop_signals);
  options.slots = slots;
  auto server = r1::testing::FakeOpenAiServer::Start(std::move(script), options);
  if (!server) {
    std::cerr << "r1-fake-server: " << server.error().message << "\n";
    return 3;
  }
  std::cout << "listening on " << (*server)->base_url() << std::endl;

  std::thread outage;
  if (outage_after > 0) {
    // Holds the stop signals blocked like every other thread (created after the mask was set).
    outage = std::thread([&server, outage_after, outage_s] {
      while ((*server)->chat_requests() < outage_after) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      (*server)->GoDown();
      std::cout << "down" << std::endl;
      std::this_thread::sleep_for(std::chrono::duration<double>(outage_s));
      if (auto back = (*server)->ComeBack(); !back) {
        std::cerr << "r1-fake-server: " << back.error().message << "\n";
        std::_Exit(3);
      }
      std::cout << "back" << std::endl;
    });
    outage.detach();
  }

  int received = 0;
  sigwait(&stop_signals, &received);
  // Nothing is worth saving and handlers may sit in scripted delays: leave at once.
  std::cout << "chat requests " << (*server)->chat_requests() << std::endl;
  std::fflush(stdout);
  std::_Exit(0);
}
