// Suite files; the format is documented in user_suite.h.
#include "r1/suites/user_suite.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "r1/core/sha256.h"
#include "r1/suites/choice_suite.h"
#include "r1/suites/json_rows.h"
#include "r1/suites/row_suite.h"

namespace r1::suites {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct SuiteFile {
  std::string path;
  std::string name;
  std::string description;
  fs::path data;
  std::string grader;
  std::string prompt;
  std::string id_field = "id", question_field = "question", answer_field = "answer",
              choices_field = "choices";
  bool shuffle = true;
  std::uint32_t seed = 0;
  std::vector<std::string> breakdowns;  ///< row fields copied into meta; reports group by them
};

std::unexpected<Error> FieldError(const std::string& path, const std::string& field,
                                  const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, path + ": field '" + field + "': " + what);
}

Result<std::string> StringField(const json& doc, const std::string& path, const char* field,
                                bool required) {
  auto it = doc.find(field);
  if (it == doc.end()) {
    if (required) return FieldError(path, field, "missing (a string)");
    return std::string();
  }
  if (!it->is_string()) return FieldError(path, field, it->dump() + " is not a string");
  return it->get<std::string>();
}

std::string DefaultPrompt(const std::string& grader) {
  if (grader == "choice") return std::string(kMultipleChoiceTemplate);
  if (grader == "check" || grader == "code") return "{question}";
  return "{question}\n" + std::string(kR1MathInstruction);
}

// "breakdowns": row fields (say "difficulty") whose values group the problems in reports, as
// MATH-500 declares subject and level. Names are stored with each run, one per line.
Result<std::vector<std::string>> ParseBreakdowns(const json& value, const SuiteFile& f,
                                                 const std::string& path) {
  if (!value.is_array()) return FieldError(path, "breakdowns", value.dump() + " is not a list of field names");
  std::vector<std::string> out;
  for (const auto& item : value) {
    if (!item.is_string() || item.get<std::string>().empty()) {
      return FieldError(path, "breakdowns", item.dump() + " is not a field name");
    }
    const std::string name = item.get<std::string>();
    if (name.find_first_of("\n\r") != std::string::npos) {
      return FieldError(path, "breakdowns", item.dump() + " holds a line break");
    }
    if (name == f.id_field || name == f.question_field || name == f.answer_field ||
        name == f.choices_field) {
      return FieldError(path, "breakdowns",
                        "'" + name + "' is the problem's id, question, answer or choices, not an attribute");
    }
    if (std::find(out.begin(), out.end(), name) != out.end()) {
      return FieldError(path, "breakdowns", "'" + name + "' is listed twice");
    }
    out.push_back(name);
  }
  return out;
}

Result<SuiteFile> ParseSuiteFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path + ": cannot read the suite file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  json doc = json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, path + ": not a JSON object");
  }
  static const char* kKnown[] = {"name",   "description", "data", "grader",    "prompt",
                                 "fields", "shuffle",     "seed", "breakdowns"};
  for (const auto& [key, value] : doc.items()) {
    bool known = false;
    for (const char* k : kKnown) known = known || key == k;
    if (!known) {
      return Fail(ErrorCode::kInvalidArgument,
                  path + ": unknown field '" + key +
                      "' (known: name, description, data, grader, prompt, fields, shuffle, seed, "
                      "breakdowns)");
    }
  }
  SuiteFile f;
  f.path = path;
  auto name = StringField(doc, path, "name", true);
  if (!name) return std::unexpected(name.error());
  if (name->empty() ||
      name->find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "0123456789._-") != std::string::npos) {
    return FieldError(path, "name", "'" + *name + "' (use letters, digits, '.', '_', '-')");
  }
  f.name = *name;
  auto description = StringField(doc, path, "description", false);
  if (!description) return std::unexpected(description.error());
  f.description = description->empty() ? "user suite " + path : *description;

  auto grader = StringField(doc, path, "grader", true);
  if (!grader) return std::unexpected(grader.error());
  bool known = false;
  std::string names;
  for (const char* g : kUserSuiteGraders) {
    known = known || *grader == g;
    names += (names.empty() ? "" : ", ") + std::string(g);
  }
  if (!known)
    return FieldError(path, "grader", "unknown grader '" + *grader + "' (known: " + names + ")");
  f.grader = *grader;

  auto data = StringField(doc, path, "data", true);
  if (!data) return std::unexpected(data.error());
  f.data = fs::path(path).parent_path() / *data;
  std::error_code ec;
  if (!fs::is_regular_file(f.data, ec)) {
    return FieldError(path, "data", "'" + *data + "': no such file (" + f.data.string() + ")");
  }

  auto prompt = StringField(doc, path, "prompt", false);
  if (!prompt) return std::unexpected(prompt.error());
  f.prompt = prompt->empty() ? DefaultPrompt(f.grader) : *prompt;
  if (f.prompt.find("{question}") == std::string::npos) {
    return FieldError(path, "prompt", "has no {question} slot");
  }

  if (auto it = doc.find("fields"); it != doc.end()) {
    if (!it->is_object()) return FieldError(path, "fields", it->dump() + " is not an object");
    for (const auto& [key, value] : it->items()) {
      std::string* slot = key == "id"         ? &f.id_field
                          : key == "question" ? &f.question_field
                          : key == "answer"   ? &f.answer_field
                          : key == "choices"  ? &f.choices_field
                                              : nullptr;
      if (!slot)
        return FieldError(path, "fields." + key, "unknown (known: id, question, answer, choices)");
      if (!value.is_string() || value.get<std::string>().empty()) {
        return FieldError(path, "fields." + key, value.dump() + " is not a field name");
      }
      *slot = value.get<std::string>();
    }
  }
  if (auto it = doc.find("shuffle"); it != doc.end()) {
    if (!it->is_boolean()) return FieldError(path, "shuffle", it->dump() + " is not true or false");
    f.shuffle = it->get<bool>();
  }
  if (auto it = doc.find("seed"); it != doc.end()) {
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 0xffffffffull) {
      return FieldError(path, "seed", it->dump() + " is not an integer in 0..4294967295");
    }
    f.seed = static_cast<std::uint32_t>(it->get<std::uint64_t>());
  }
  if (auto it = doc.find("breakdowns"); it != doc.end()) {
    auto list = ParseBreakdowns(*it, f, path);
    if (!list) return std::unexpected(list.error());
    f.breakdowns = std::move(*list);
  }
  if (f.grader != "choice" && (doc.contains("shuffle") || doc.contains("seed"))) {
    return FieldError(path, doc.contains("shuffle") ? "shuffle" : "seed",
                      "only applies to grader 'choice'");
  }
  return f;
}

// The prompt wording and everything else that changes what the model sees or how it is graded.
std::string PromptVersion(const SuiteFile& f) {
  std::string key =
      f.grader + '\0' + f.prompt + '\0' + (f.shuffle ? "1" : "0") + '\0' + std::to_string(f.seed);
  return "user-" + Sha256Hex(key).substr(0, 16);
}

Result<std::unique_ptr<Suite>> MakeChoiceFromRows(const SuiteFile& f, LoadedRows loaded) {
  ChoiceRows rows;
  rows.data_version = loaded.data_version;
  for (auto& p : loaded.problems) {
    const std::string where =
        "suite '" + f.name + "': " + f.data.string() + ": problem '" + p.id + "'";
    // The loader copied the choices into meta as JSON text; take them back out.
    json choices;
    for (auto it = p.meta.begin(); it != p.meta.end(); ++it) {
      if (it->first != f.choices_field) continue;
      choices = json::parse(it->second, nullptr, false);
      p.meta.erase(it);
      break;
    }
    if (!choices.is_array() || choices.size() < 2) {
      return Fail(ErrorCode::kInvalidArgument,
                  where + ": field '" + f.choices_field + "' must be a list of 2..26 strings");
    }
    std::vector<std::string> options;
    for (const auto& c : choices) {
      if (!c.is_string()) {
        return Fail(ErrorCode::kInvalidArgument,
                    where + ": field '" + f.choices_field + "': " + c.dump() + " is not a string");
      }
      options.push_back(c.get<std::string>());
    }
    int correct = -1;
    const std::string& gold = p.gold;
    if (gold.size() == 1 && gold[0] >= 'A' && gold[0] < 'A' + static_cast<int>(options.size())) {
      correct = gold[0] - 'A';
    } else if (!gold.empty() && gold.find_first_not_of("0123456789") == std::string::npos &&
               gold.size() < 3 && std::stoi(gold) < static_cast<int>(options.size())) {
      correct = std::stoi(gold);
    } else {
      for (std::size_t i = 0; i < options.size(); ++i) {
        if (options[i] == gold) correct = static_cast<int>(i);
      }
    }
    if (correct < 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  where + ": field '" + f.answer_field + "': '" + gold +
                      "' is neither a letter, a 0-based index nor the text of a choice");
    }
    p.gold = options[correct];
    rows.options.push_back(std::move(options));
    rows.correct.push_back(correct);
    rows.problems.push_back(std::move(p));
  }
  ChoiceSuiteConfig config;
  config.name = f.name;
  config.prompt_version = PromptVersion(f);
  config.prompt_template = f.prompt;
  config.shuffle = f.shuffle;
  config.seed = f.seed;
  return MakeChoiceSuite(config, std::move(rows));
}

Result<std::unique_ptr<Suite>> MakeUserSuite(const SuiteFile& f) {
  FieldSpec fields;
  fields.id = {f.id_field};
  fields.question = {f.question_field};
  fields.answer = {f.answer_field};
  fields.structured_answer = f.grader == "check" || f.grader == "code";
  if (f.grader == "choice") fields.meta = {f.choices_field};
  fields.meta.insert(fields.meta.end(), f.breakdowns.begin(), f.breakdowns.end());
  auto loaded = LoadJsonRowsFile(f.data.string(), fields);
  if (!loaded) return std::unexpected(std::move(loaded.error()).With("suite '" + f.name + "'"));
  // A breakdown by a field no row has would silently print nothing: most likely a typo.
  for (const auto& name : f.breakdowns) {
    const bool present = std::any_of(loaded->problems.begin(), loaded->problems.end(),
                                     [&](const Problem& p) {
                                       return std::any_of(p.meta.begin(), p.meta.end(),
                                                          [&](const auto& kv) { return kv.first == name; });
                                     });
    if (!present) {
      return FieldError(f.path, "breakdowns", "'" + name + "' is in no row of " + f.data.string());
    }
  }
  if (f.grader == "choice") return MakeChoiceFromRows(f, std::move(*loaded));
  RowSuiteConfig config;
  config.name = f.name;
  config.grader = f.grader;
  config.prompt_version = PromptVersion(f);
  config.prompt_template = f.prompt;
  config.fields = fields;
  return MakeRowSuiteFromRows(config, std::move(*loaded));
}

}  // namespace

Result<SuiteEntry> LoadSuiteFile(const std::string& path) {
  auto file = ParseSuiteFile(path);
  if (!file) return std::unexpected(file.error());
  SuiteEntry entry;
  entry.name = file->name;
  entry.description = file->description;
  entry.self_contained = true;
  entry.breakdowns = file->breakdowns;
  entry.make = [f = *file](const SuiteOptions&) { return MakeUserSuite(f); };
  return entry;
}

}  // namespace r1::suites
