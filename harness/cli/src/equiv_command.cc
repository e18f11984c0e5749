// `r1-eval equiv`: extraction and math equivalence over JSON lines.
#include "equiv_command.h"

#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "r1/graders/answer_extraction.h"
#include "r1/graders/math/equivalence.h"

namespace r1::cli {
namespace {

using json = nlohmann::ordered_json;

// Answers may arrive as JSON numbers ({"gold": 33}); they mean their decimal text.
std::optional<std::string> AnswerText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  return std::nullopt;
}

json Error(std::string message) { return json{{"error", std::move(message)}}; }

json EquivOne(const std::string& line, bool explain) {
  json in = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (in.is_discarded() || !in.is_object()) return Error("not a JSON object");
  if (!in.contains("gold")) return Error("missing \"gold\"");
  auto gold = AnswerText(in["gold"]);
  if (!gold) return Error("\"gold\" must be a string or a number");
  bool has_pred = in.contains("pred");
  bool has_response = in.contains("response");
  if (has_pred == has_response) return Error("give exactly one of \"pred\" and \"response\"");

  json out;
  if (in.contains("id")) out["id"] = in["id"];
  out["equal"] = false;
  out["extracted"] = "";
  out["canonical"] = "";
  std::string answer;
  if (has_pred) {
    auto pred = AnswerText(in["pred"]);
    if (!pred) return Error("\"pred\" must be a string or a number");
    answer = *pred;
  } else {
    if (!in["response"].is_string()) return Error("\"response\" must be a string");
    std::string finish = in.value("finish_reason", std::string("stop"));
    graders::Extraction ex = graders::ExtractFinalAnswer(in["response"].get<std::string>(), finish);
    answer = ex.answer;
    out["method"] = ex.method;
    out["truncated"] = ex.truncated;
  }
  graders::math::Answer gold_answer = graders::math::Answer::Parse(*gold);
  graders::math::Answer pred_answer = graders::math::Answer::Parse(answer);
  graders::math::Verdict verdict;
  if (answer.empty()) {
    verdict.equal = false;
    verdict.rule = "no-answer";
    verdict.reason = has_pred ? "empty answer" : "no answer could be extracted";
  } else {
    verdict = graders::math::Compare(gold_answer, pred_answer);
  }
  out["equal"] = verdict.equal;
  out["extracted"] = answer;
  out["canonical"] = answer.empty() ? "" : graders::math::CanonicalKey(pred_answer);
  if (explain) {
    out["rule"] = verdict.rule;
    out["explain"] = verdict.reason;
    out["gold_canonical"] = graders::math::CanonicalKey(gold_answer);
    out["gold_normalized"] = gold_answer.Normalized();
    out["pred_normalized"] = answer.empty() ? "" : pred_answer.Normalized();
  }
  return out;
}

}  // namespace

void AddEquivCommand(CLI::App& app, ExitCode& exit_code) {
  auto* cmd = app.add_subcommand("equiv",
                                 "Check answers against gold answers: JSON lines "
                                 "{\"gold\",\"pred\"} or {\"gold\",\"response\"} "
                                 "on stdin, one JSON line out per line in");
  auto explain = std::make_shared<bool>(false);
  cmd->add_flag("--explain", *explain, "say why each pair is (not) equal, with the normal forms");
  cmd->callback([&exit_code, explain] {
    std::string line;
    bool bad_input = false;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      json out = EquivOne(line, *explain);
      bad_input = bad_input || out.contains("error");
      // Invalid UTF-8 in an answer must not abort the stream.
      std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << '\n' << std::flush;
    }
    exit_code = bad_input ? ExitCode::kUsage : ExitCode::kOk;
  });
}

}  // namespace r1::cli
