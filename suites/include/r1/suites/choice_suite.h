// Multiple-choice suites (GPQA Diamond, user suites with grader "choice"): the options of each
// sample are shuffled by ChoiceOrderStream and the order travels with the sample.
//
// Prompt::sample_data is the contract with the "choice" grader, one JSON object:
//   {"order": [3,1,0,2],        // order[i]: data index of the option shown with letter i
//    "answer": "C",             // the letter the correct option got
//    "options": ["..", ...],    // option texts as shown, so text answers can be mapped too
//    "seed": 0, "draw": 412}    // which permutation of the documented stream this is
// An option's identity is its data index (for GPQA 0 = "Correct Answer", 1..3 = "Incorrect
// Answer 1..3"); cons@k votes on it, never on the letter, which differs between samples.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "r1/core/error.h"
#include "r1/core/suite.h"

namespace r1::suites {

/// simple-evals' QUERY_TEMPLATE_MULTICHOICE. Slots: {letters} ("ABCD"), {question}, {choices}
/// ("A) ..\nB) .."). Under R1's rules it is the whole user turn; there is no system prompt.
inline constexpr std::string_view kMultipleChoiceTemplate =
    "Answer the following multiple choice question. The last line of your response should be of "
    "the following format: 'Answer: $LETTER' (without quotes) where LETTER is one of {letters}. "
    "Think step by step before answering.\n\n{question}\n\n{choices}";

/// Problems whose answers are one of a list of options.
struct ChoiceRows {
  std::vector<Problem> problems;                  ///< gold: the correct option's text
  std::vector<std::vector<std::string>> options;  ///< per problem, in data order (2..26)
  std::vector<int> correct;                       ///< per problem, index into its options
  std::string data_version;
};

struct ChoiceSuiteConfig {
  std::string name;
  std::string prompt_version;
  std::string prompt_template{kMultipleChoiceTemplate};
  bool shuffle = true;     ///< false: options in data order for every sample
  std::uint32_t seed = 0;  ///< Python random.Random(seed); 0 reproduces simple-evals
};

/// kInvalidArgument when the rows are inconsistent (option counts, correct index).
Result<std::unique_ptr<Suite>> MakeChoiceSuite(const ChoiceSuiteConfig& config, ChoiceRows rows);

/// Reads a GPQA CSV (columns "Question", "Correct Answer", "Incorrect Answer 1..3",
/// "Record ID", "High-level domain", "Subdomain"). Problem ids are Record IDs; meta holds the
/// domain and subdomain, never question text. `where` names the source in errors.
Result<ChoiceRows> ParseGpqaCsv(std::string_view csv, const std::string& where);

/// Loads DIR/gpqa_diamond.csv or, failing that, DIR/dataset.zip (the authors' archive, opened
/// with the password their README publishes). data_version hashes the CSV bytes, so both
/// sources of the same data give the same run identity.
Result<ChoiceRows> LoadGpqaDir(const std::string& dir);

}  // namespace r1::suites
