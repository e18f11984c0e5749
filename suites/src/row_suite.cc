// Configuration-driven suites; see row_suite.h.
#include "r1/suites/row_suite.h"

namespace r1::suites {
namespace {

class RowSuite final : public Suite {
 public:
  RowSuite(RowSuiteConfig config, LoadedRows rows)
      : config_(std::move(config)), rows_(std::move(rows)) {}

  std::string Name() const override { return config_.name; }
  std::string GraderKey() const override { return config_.grader; }
  std::string PromptVersion() const override { return config_.prompt_version; }
  std::string DataVersion() const override { return rows_.data_version; }
  const std::vector<Problem>& Problems() const override { return rows_.problems; }

  Prompt Render(const Problem& problem, int /*sample_index*/) const override {
    std::string text = config_.prompt_template;
    static constexpr std::string_view kSlot = "{question}";
    if (auto pos = text.find(kSlot); pos != std::string::npos) {
      text.replace(pos, kSlot.size(), problem.question);
    }
    // R1's rules: no system prompt; everything goes in the user turn.
    return Prompt{{Message{"user", std::move(text)}}, ""};
  }

 private:
  RowSuiteConfig config_;
  LoadedRows rows_;
};

}  // namespace

Result<std::unique_ptr<Suite>> MakeRowSuite(const RowSuiteConfig& config,
                                            const SuiteOptions& options) {
  auto rows = LoadJsonRows(options.data_dir, config.fields);
  if (!rows) return std::unexpected(std::move(rows.error()).With("suite '" + config.name + "'"));
  return std::make_unique<RowSuite>(config, std::move(*rows));
}

std::unique_ptr<Suite> MakeRowSuiteFromRows(const RowSuiteConfig& config, LoadedRows rows) {
  return std::make_unique<RowSuite>(config, std::move(rows));
}

}  // namespace r1::suites
