// r1-demos: the kinds of prompts DeepSeek-R1's launch was shown off with, in our own wording,
// each with a programmatic check (graders' "check": letter counts are computed, the marble's
// place is a pattern, sentence endings and the parenthesised equation are verified, the bash
// transpose is judged against test matrices once code checks reach the sandbox). The rows are
// built into the binary: nothing to fetch, and the same loader as every JSON suite reads them.
#include "r1/suites/json_rows.h"
#include "r1/suites/registry.h"
#include "r1/suites/row_suite.h"

namespace r1::suites {
namespace {

// One JSON object per line: id, question, answer (the check).
constexpr std::string_view kRows =
    R"rows({"id": "letters-strawberry", "question": "How many times does the letter r occur in the word \"strawberry\"? Count carefully, letter by letter, and put the final number in \\boxed{}.", "answer": {"type": "letter_count", "letter": "r", "word": "strawberry"}}
{"id": "letters-mississippi", "question": "Count the letter s in the word \"Mississippi\". Give the count in \\boxed{}.", "answer": {"type": "letter_count", "letter": "s", "word": "mississippi"}}
{"id": "marble-microwave", "question": "I drop a marble into an ordinary cup and set the cup upright on the kitchen table. Then I turn the cup upside down onto the table. A minute later I lift the cup and put it into the microwave. Where is the marble now? Reason it through and put a short answer (a few words) in \\boxed{}.", "answer": {"type": "regex", "pattern": "(?i)table", "reject": "(?i)microwave"}}
{"id": "sentences-apple", "question": "Write exactly ten sentences, each of which ends with the word \"apple\". Output only the ten sentences, one per line.", "answer": {"type": "sentences_end_with", "word": "apple", "count": 10}}
{"id": "parentheses-387", "question": "Add exactly one pair of parentheses to the left-hand side so that the equation becomes true: 1 + 2 * 3 + 4 * 5 + 6 * 7 + 8 * 9 = 387. Write the corrected left-hand side in \\boxed{}.", "answer": {"type": "parenthesize", "expression": "1 + 2 * 3 + 4 * 5 + 6 * 7 + 8 * 9", "target": 387}}
{"id": "candles", "question": "Five candles of the same length were lit at the same moment. Some time later they were blown out one after another. This is how much of each candle is left now (each = is one unit of wax):\n1) ======\n2) ===\n3) =========\n4) ==\n5) =====\nWhich candle was blown out first? Put its number in \\boxed{}.", "answer": {"type": "integer", "value": 3}}
{"id": "bash-transpose", "question": "Write a bash script that reads one line from standard input holding a matrix written as rows in brackets, for example [1,2],[3,4],[5,6], and prints the transpose of the matrix in the same format, for example [1,3,5],[2,4,6]. Give the whole script in one ```bash code block.", "answer": {"type": "code", "language": "bash", "tests": [{"input": "[1,2],[3,4],[5,6]\n", "output": "[1,3,5],[2,4,6]\n"}, {"input": "[7]\n", "output": "[7]\n"}, {"input": "[1,2,3]\n", "output": "[1],[2],[3]\n"}, {"input": "[1,2],[3,4]\n", "output": "[1,3],[2,4]\n"}]}}
)rows";

RowSuiteConfig DemoConfig() {
  RowSuiteConfig config;
  config.name = "r1-demos";
  config.grader = "check";
  config.prompt_version = "r1-demos-1";
  config.prompt_template = "{question}";  // each question carries its own instruction
  config.fields.id = {"id"};
  config.fields.question = {"question"};
  config.fields.answer = {"answer"};
  config.fields.structured_answer = true;
  return config;
}

}  // namespace

void RegisterR1Demos(SuiteRegistry& registry) {
  registry.Add(SuiteEntry{
      "r1-demos",
      "prompts like those R1's launch was demonstrated with, checked programmatically (built in)",
      {},
      [](const SuiteOptions&) -> Result<std::unique_ptr<Suite>> {
        auto config = DemoConfig();
        auto rows = LoadJsonRowsText("r1-demos.jsonl", kRows, config.fields);
        if (!rows) return std::unexpected(std::move(rows.error()).With("suite 'r1-demos'"));
        return MakeRowSuiteFromRows(config, std::move(*rows));
      },
      /*self_contained=*/true,
      /*problems=*/7});
}

}  // namespace r1::suites
