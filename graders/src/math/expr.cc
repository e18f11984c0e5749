// Expression tree helpers: structural equality, node counts and the plain-text printer.
#include "math/expr.h"

#include <cctype>

namespace r1::graders::math {
namespace {

// Binding strength, loosest first; a child printed inside a tighter context gets parentheses.
enum Level { kLevelList = 0, kLevelSum, kLevelProduct, kLevelUnary, kLevelPower, kLevelAtom };

Level LevelOf(const Expr& e) {
  switch (e.kind) {
    case Kind::kAdd:
    case Kind::kPlusMinus:
      return kLevelSum;
    case Kind::kMul:
      return kLevelProduct;
    case Kind::kNeg:
      return kLevelUnary;
    case Kind::kPow:
      return kLevelPower;
    case Kind::kList:
    case Kind::kRelation:
    case Kind::kUnion:
    case Kind::kSetOp:
      return kLevelList;
    case Kind::kNumber:
      // "-" never sits in a literal; a base subscript or exponent binds like an atom.
      return kLevelAtom;
    default:
      return kLevelAtom;
  }
}

void PrintTo(const Expr& e, std::string& out);

void PrintAt(const Expr& e, Level context, std::string& out) {
  if (LevelOf(e) < context) {
    out += '(';
    PrintTo(e, out);
    out += ')';
  } else {
    PrintTo(e, out);
  }
}

void PrintJoined(const std::vector<Expr>& args, std::string_view sep, std::string& out) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i) out += sep;
    PrintAt(args[i], kLevelSum, out);
  }
}

std::string_view OpText(RelOp op) {
  switch (op) {
    case RelOp::kEq:
      return " = ";
    case RelOp::kNe:
      return " \\ne ";
    case RelOp::kLt:
      return " < ";
    case RelOp::kLe:
      return " \\le ";
    case RelOp::kGt:
      return " > ";
    case RelOp::kGe:
      return " \\ge ";
  }
  return " = ";
}

void PrintFunc(const Expr& e, std::string& out) {
  const std::string& f = e.text;
  if (f == "sqrt") {
    out += "\\sqrt{";
    PrintTo(e.args[0], out);
    out += '}';
  } else if (f == "root") {
    out += "\\sqrt[";
    PrintTo(e.args[1], out);
    out += "]{";
    PrintTo(e.args[0], out);
    out += '}';
  } else if (f == "abs") {
    out += '|';
    PrintTo(e.args[0], out);
    out += '|';
  } else if (f == "floor" || f == "ceil") {
    out += f == "floor" ? "\\lfloor " : "\\lceil ";
    PrintTo(e.args[0], out);
    out += f == "floor" ? " \\rfloor" : " \\rceil";
  } else if (f == "log" && e.args.size() == 2) {
    out += "\\log_{";
    PrintTo(e.args[1], out);
    out += "}(";
    PrintTo(e.args[0], out);
    out += ')';
  } else {
    out += '\\';
    out += f;
    out += '(';
    PrintJoined(e.args, ", ", out);
    out += ')';
  }
}

void PrintTo(const Expr& e, std::string& out) {
  switch (e.kind) {
    case Kind::kNumber:
      out += e.text;
      if (!e.repeat.empty()) out += "\\overline{" + e.repeat + "}";
      if (e.exp10) out += "e" + std::to_string(e.exp10);
      if (e.base) out += "_{" + std::to_string(e.base) + "}";
      return;
    case Kind::kSymbol:
      out += e.text;
      return;
    case Kind::kConstant:
      out += e.text == "pi" ? "\\pi" : e.text == "inf" ? "\\infty" : e.text;
      return;
    case Kind::kAdd:
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        const Expr& a = e.args[i];
        if (i && a.kind == Kind::kNeg) {
          out += " - ";
          PrintAt(a.args[0], kLevelProduct, out);
          continue;
        }
        if (i) out += " + ";
        PrintAt(a, kLevelSum, out);
      }
      return;
    case Kind::kNeg:
      out += '-';
      PrintAt(e.args[0], kLevelPower, out);
      return;
    case Kind::kMul:
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        if (i) out += " \\cdot ";
        PrintAt(e.args[i], i ? kLevelPower : kLevelUnary, out);
      }
      return;
    case Kind::kDiv:
      out += "\\frac{";
      PrintTo(e.args[0], out);
      out += "}{";
      PrintTo(e.args[1], out);
      out += '}';
      return;
    case Kind::kPow:
      PrintAt(e.args[0], kLevelAtom, out);
      out += "^{";
      PrintTo(e.args[1], out);
      out += '}';
      return;
    case Kind::kFunc:
      PrintFunc(e, out);
      return;
    case Kind::kFactorial:
      PrintAt(e.args[0], kLevelAtom, out);
      out += '!';
      return;
    case Kind::kBinom:
      out += "\\binom{";
      PrintTo(e.args[0], out);
      out += "}{";
      PrintTo(e.args[1], out);
      out += '}';
      return;
    case Kind::kPlusMinus:
      if (e.args.size() == 1) {
        out += "\\pm ";
        PrintAt(e.args[0], kLevelPower, out);
      } else {
        PrintAt(e.args[0], kLevelSum, out);
        out += " \\pm ";
        PrintAt(e.args[1], kLevelProduct, out);
      }
      return;
    case Kind::kPercent:
      PrintAt(e.args[0], kLevelAtom, out);
      out += "\\%";
      return;
    case Kind::kDegree:
      PrintAt(e.args[0], kLevelAtom, out);
      out += "^\\circ";
      return;
    case Kind::kPair:
      out += '(';
      PrintJoined(e.args, ", ", out);
      out += ')';
      return;
    case Kind::kTuple:
      out += e.args.size() == 2 ? "\\langle " : "(";
      PrintJoined(e.args, ", ", out);
      out += e.args.size() == 2 ? " \\rangle" : ")";
      return;
    case Kind::kSet:
      out += "\\{";
      PrintJoined(e.args, ", ", out);
      out += "\\}";
      return;
    case Kind::kList:
      PrintJoined(e.args, ", ", out);
      return;
    case Kind::kInterval:
      out += e.lo_closed ? '[' : '(';
      PrintJoined(e.args, ", ", out);
      out += e.hi_closed ? ']' : ')';
      return;
    case Kind::kUnion:
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        if (i) out += " \\cup ";
        PrintAt(e.args[i], kLevelSum, out);
      }
      return;
    case Kind::kSetOp:
      PrintAt(e.args[0], kLevelSum, out);
      out += e.text == "cap" ? " \\cap " : " \\setminus ";
      PrintAt(e.args[1], kLevelSum, out);
      return;
    case Kind::kMatrix:
      out += "\\begin{pmatrix}";
      for (int r = 0; r < e.rows; ++r) {
        if (r) out += " \\\\";
        for (int c = 0; c < e.cols; ++c) {
          out += c ? " & " : " ";
          PrintTo(e.args[static_cast<std::size_t>(r * e.cols + c)], out);
        }
      }
      out += " \\end{pmatrix}";
      return;
    case Kind::kRelation:
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        if (i) out += OpText(e.ops[i - 1]);
        PrintAt(e.args[i], kLevelSum, out);
      }
      return;
    case Kind::kText: {
      // "\text{b}" would read back as the variable b and "\text{2nd}" as math: parenthesise.
      bool wrap = e.text.size() == 1 ||
                  (!e.text.empty() && std::isdigit(static_cast<unsigned char>(e.text[0])));
      out += wrap ? "\\text{(" + e.text + ")}" : "\\text{" + e.text + "}";
      return;
    }
    case Kind::kEmptySet:
      out += "\\emptyset";
      return;
  }
}

}  // namespace

bool IsScalar(Kind kind) {
  switch (kind) {
    case Kind::kPair:
    case Kind::kTuple:
    case Kind::kSet:
    case Kind::kList:
    case Kind::kInterval:
    case Kind::kUnion:
    case Kind::kSetOp:
    case Kind::kMatrix:
    case Kind::kRelation:
    case Kind::kText:
    case Kind::kEmptySet:
      return false;
    default:
      return true;
  }
}

bool StructurallyEqual(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.text != b.text || a.args.size() != b.args.size() ||
      a.repeat != b.repeat || a.exp10 != b.exp10 || a.base != b.base ||
      a.lo_closed != b.lo_closed || a.hi_closed != b.hi_closed || a.rows != b.rows ||
      a.cols != b.cols || a.ops != b.ops) {
    return false;
  }
  for (std::size_t i = 0; i < a.args.size(); ++i) {
    if (!StructurallyEqual(a.args[i], b.args[i])) return false;
  }
  return true;
}

std::string Print(const Expr& e) {
  std::string out;
  PrintTo(e, out);
  return out;
}

int CountNodes(const Expr& e) {
  int n = 1;
  for (const auto& a : e.args) n += CountNodes(a);
  return n;
}

}  // namespace r1::graders::math
