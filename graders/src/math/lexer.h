// Tokens of a LaTeX or plain-text math answer.
//
// The lexer already removes what never carries meaning in an answer: spacing commands,
// \left/\right, \displaystyle, currency signs, nested \boxed. It joins thousands groups that
// use an unambiguous separator ("1{,}000", "10,\!080", "58\,500") and reads decimals,
// scientific notation ("1.5e3") and repeating decimals ("0.1\overline{6}", "0.\bar{3}",
// "0.1\dot{6}", "0.\dot{1}\dot{8}") as one number. Unicode math symbols are mapped to their
// LaTeX commands, vulgar fractions ("¾") to \frac tokens; "\left|" and "\right|" become
// lvert / rvert so an absolute value after a coefficient reads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "r1/core/error.h"

namespace r1::graders::math {

enum class Tok : std::uint8_t {
  kEnd,
  kNumber,    ///< text = digits with optional '.', repeat, exp10
  kLetters,   ///< a run of ASCII letters
  kCommand,   ///< text = command name without the backslash ("frac", "{", "}", "\\")
  kChar,      ///< text = one punctuation character
  kText,      ///< \text{...}-like: cmd = command name, text = raw content
  kBeginEnv,  ///< \begin{name}: text = name
  kEndEnv,    ///< \end{name}: text = name
};

struct Token {
  Tok type = Tok::kEnd;
  std::string text;
  std::string cmd;     ///< kText: the command ("text", "mathrm", "mathbb", ...)
  std::string repeat;  ///< kNumber: repeating digits
  int exp10 = 0;       ///< kNumber: scientific exponent
  bool space_before = false;
};

/// Tokenises `input`; fails with kInvalidArgument on more than `max_tokens` tokens.
Result<std::vector<Token>> Lex(std::string_view input, int max_tokens);

}  // namespace r1::graders::math
