// Configuration-driven multiple-choice suites; see choice_suite.h.
#include "r1/suites/choice_suite.h"

#include <map>
#include <nlohmann/json.hpp>

#include "r1/suites/choice_order.h"

namespace r1::suites {
namespace {

void Replace(std::string& text, std::string_view slot, std::string_view value) {
  if (auto pos = text.find(slot); pos != std::string::npos) text.replace(pos, slot.size(), value);
}

class ChoiceSuite final : public Suite {
 public:
  ChoiceSuite(ChoiceSuiteConfig config, ChoiceRows rows)
      : config_(std::move(config)), rows_(std::move(rows)) {
    for (std::size_t i = 0; i < rows_.problems.size(); ++i) position_[rows_.problems[i].id] = i;
    // One stream per option count keeps mixed-size user suites deterministic too.
    for (const auto& opts : rows_.options) {
      int n = static_cast<int>(opts.size());
      if (!streams_.contains(n))
        streams_.emplace(n, std::make_unique<ChoiceOrderStream>(config_.seed, n));
    }
  }

  std::string Name() const override { return config_.name; }
  std::string GraderKey() const override { return "choice"; }
  std::string PromptVersion() const override { return config_.prompt_version; }
  std::string DataVersion() const override { return rows_.data_version; }
  const std::vector<Problem>& Problems() const override { return rows_.problems; }

  Prompt Render(const Problem& problem, int sample_index) const override {
    std::size_t q = position_.at(problem.id);
    const auto& options = rows_.options[q];
    const int n = static_cast<int>(options.size());
    std::vector<int> order(n);
    std::size_t draw = 0;
    if (config_.shuffle) {
      draw = static_cast<std::size_t>(sample_index) * rows_.problems.size() + q;
      order = streams_.at(n)->Draw(draw);
    } else {
      for (int i = 0; i < n; ++i) order[i] = i;
    }
    std::string letters, choices;
    nlohmann::json shown = nlohmann::json::array();
    char answer = 0;
    for (int i = 0; i < n; ++i) {
      char letter = static_cast<char>('A' + i);
      letters += letter;
      if (i) choices += '\n';
      choices += std::string(1, letter) + ") " + options[order[i]];
      shown.push_back(options[order[i]]);
      if (order[i] == rows_.correct[q]) answer = letter;
    }
    std::string text = config_.prompt_template;
    Replace(text, "{letters}", letters);
    Replace(text, "{question}", problem.question);
    Replace(text, "{choices}", choices);
    nlohmann::json data = {{"order", order},
                           {"answer", std::string(1, answer)},
                           {"options", shown},
                           {"seed", config_.seed},
                           {"draw", config_.shuffle ? nlohmann::json(draw) : nlohmann::json()}};
    return Prompt{{Message{"user", std::move(text)}},
                  data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
  }

 private:
  ChoiceSuiteConfig config_;
  ChoiceRows rows_;
  std::map<std::string, std::size_t> position_;
  std::map<int, std::unique_ptr<ChoiceOrderStream>> streams_;
};

}  // namespace

Result<std::unique_ptr<Suite>> MakeChoiceSuite(const ChoiceSuiteConfig& config, ChoiceRows rows) {
  const std::string where = "suite '" + config.name + "'";
  if (rows.problems.empty()) return Fail(ErrorCode::kInvalidArgument, where + ": no problems");
  if (rows.options.size() != rows.problems.size() || rows.correct.size() != rows.problems.size()) {
    return Fail(ErrorCode::kInternal, where + ": rows and options differ in length");
  }
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < rows.problems.size(); ++i) {
    const auto& id = rows.problems[i].id;
    const auto n = rows.options[i].size();
    if (n < 2 || n > 26) {
      return Fail(ErrorCode::kInvalidArgument, where + ": problem '" + id + "': " +
                                                   std::to_string(n) + " options (2..26 allowed)");
    }
    if (rows.correct[i] < 0 || static_cast<std::size_t>(rows.correct[i]) >= n) {
      return Fail(ErrorCode::kInvalidArgument, where + ": problem '" + id + "': no correct option");
    }
    if (seen[id]++)
      return Fail(ErrorCode::kInvalidArgument, where + ": duplicate problem id '" + id + "'");
  }
  return std::make_unique<ChoiceSuite>(config, std::move(rows));
}

}  // namespace r1::suites
