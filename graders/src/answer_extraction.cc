// Final-answer extraction: think-splitting and brace-matched \boxed{} search.
#include "r1/graders/answer_extraction.h"

#include <cctype>

namespace r1::graders {
namespace {

constexpr std::string_view kThinkOpen = "<think>";
constexpr std::string_view kThinkClose = "</think>";

// Reads a brace group starting at text[pos] == '{'; returns its inside or nullopt if unclosed.
std::optional<std::string> ReadBraceGroup(std::string_view text, std::size_t pos) {
  int depth = 0;
  for (std::size_t i = pos; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {  // \{ and \} do not count
      ++i;
      continue;
    }
    if (c == '{') ++depth;
    if (c == '}' && --depth == 0) return std::string(text.substr(pos + 1, i - pos - 1));
  }
  return std::nullopt;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The answer after one box command at `pos` (pointing just past the command name).
std::optional<std::string> ReadBoxArgument(std::string_view text, std::size_t pos) {
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  if (pos >= text.size()) return std::nullopt;
  if (text[pos] == '{') return ReadBraceGroup(text, pos);
  // "\boxed 5" form: the argument runs to the next space, '$' or end.
  std::size_t end = pos;
  while (end < text.size() && !IsSpace(text[end]) && text[end] != '$') ++end;
  if (end == pos) return std::nullopt;
  return std::string(text.substr(pos, end - pos));
}

}  // namespace

FinalPart SplitThinking(std::string_view response) {
  std::size_t close = response.rfind(kThinkClose);
  if (close != std::string_view::npos) return {response.substr(close + kThinkClose.size()), false};
  if (response.find(kThinkOpen) != std::string_view::npos) return {{}, true};
  return {response, false};
}

std::optional<std::string> ExtractLastBoxed(std::string_view text) {
  // Scan from the end so the last well-formed box wins; an unclosed later box is skipped.
  for (std::size_t pos = text.size(); pos > 0;) {
    std::size_t boxed = text.rfind("\\boxed", pos - 1);
    std::size_t fbox = text.rfind("\\fbox", pos - 1);
    std::size_t hit, name_len;
    if (boxed == std::string_view::npos && fbox == std::string_view::npos) return std::nullopt;
    if (fbox == std::string_view::npos || (boxed != std::string_view::npos && boxed > fbox)) {
      hit = boxed;
      name_len = 6;
    } else {
      hit = fbox;
      name_len = 5;
    }
    // "\boxedx" is another command, not a box; a letter right after the name rules it out
    // unless there was whitespace ("\boxed 5").
    std::size_t after = hit + name_len;
    bool is_command = after >= text.size() || !std::isalpha(static_cast<unsigned char>(text[after]));
    if (is_command) {
      if (auto answer = ReadBoxArgument(text, after)) return answer;
    }
    pos = hit;
  }
  return std::nullopt;
}

Extraction ExtractFinalAnswer(std::string_view response, std::string_view finish_reason) {
  if (finish_reason == "length") return {"", true, ""};
  FinalPart part = SplitThinking(response);
  if (part.thinking_unclosed) return {"", true, ""};
  if (auto boxed = ExtractLastBoxed(part.text)) return {*boxed, false, "boxed"};
  return {"", false, ""};
}

}  // namespace r1::graders
