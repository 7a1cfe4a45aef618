#include "parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <optional>

#include "filters.h"
#include "hearth/util/error.h"
#include "is_tests.h"
#include "lexer.h"

namespace hearth::chat::jinja {
namespace {

template <typename Node>
ExpressionPtr make_expression(int line, Node node) {
  auto expression = std::make_unique<Expression>();
  expression->line = line;
  expression->node = std::move(node);
  return expression;
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::text:
      return "template data";
    case TokenKind::variable_begin:
      return "begin of print statement";
    case TokenKind::variable_end:
      return "end of print statement";
    case TokenKind::block_begin:
      return "begin of statement block";
    case TokenKind::block_end:
      return "end of statement block";
    case TokenKind::end:
      return "end of template";
    case TokenKind::string:
      return "string";
    default:
      return fmt::format("'{}'", token.text);
  }
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Body parse_template() { return parse_until({}); }

 private:
  // ----- the token stream -------------------------------------------------

  const Token& current() const { return tokens_[position_]; }
  const Token& peek() const { return tokens_[std::min(position_ + 1, tokens_.size() - 1)]; }
  const Token& advance() {
    const Token& token = tokens_[position_];
    if (position_ + 1 < tokens_.size()) ++position_;
    return token;
  }

  bool at_symbol(std::string_view symbol) const {
    return current().kind == TokenKind::symbol && current().text == symbol;
  }
  bool at_name(std::string_view name) const {
    return current().kind == TokenKind::name && current().text == name;
  }
  bool skip_symbol(std::string_view symbol) {
    if (!at_symbol(symbol)) return false;
    advance();
    return true;
  }
  bool skip_name(std::string_view name) {
    if (!at_name(name)) return false;
    advance();
    return true;
  }

  [[noreturn]] void fail(int line, std::string_view message) const {
    raise(ErrorKind::invalid_data, "template line {}: {}", line, message);
  }
  [[noreturn]] void fail_unexpected(std::string_view expected) const {
    fail(current().line, fmt::format("expected {}, got {}", expected, describe(current())));
  }

  void expect_symbol(std::string_view symbol) {
    if (!skip_symbol(symbol)) fail_unexpected(fmt::format("'{}'", symbol));
  }
  void expect(TokenKind kind, std::string_view what) {
    if (current().kind != kind) fail_unexpected(what);
    advance();
  }
  std::string expect_name() {
    if (current().kind != TokenKind::name) fail_unexpected("a name");
    return advance().text;
  }

  // Counts nesting so that a hostile template cannot exhaust the stack.
  class DepthGuard {
   public:
    DepthGuard(Parser& parser, int line) : parser_(parser) {
      if (++parser_.depth_ > kMaxSyntaxDepth) {
        parser_.fail(line, fmt::format("nesting deeper than {} levels", kMaxSyntaxDepth));
      }
    }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    ~DepthGuard() { --parser_.depth_; }

   private:
    Parser& parser_;
  };

  // jinja2 refuses an unknown filter or test at compile time, except inside
  // an if statement or an inline if, where it fails only if evaluated.
  // `soft_` says whether the parser is in such a place; loops, macros and
  // the other scoped blocks start afresh.
  class SoftScope {
   public:
    SoftScope(Parser& parser, bool soft) : parser_(parser), saved_(parser.soft_) {
      parser_.soft_ = soft;
    }
    SoftScope(const SoftScope&) = delete;
    SoftScope& operator=(const SoftScope&) = delete;
    ~SoftScope() { parser_.soft_ = saved_; }

   private:
    Parser& parser_;
    bool saved_;
  };

  // Loops and macros whose bodies are being parsed, for break/continue and
  // for the names a macro uses.
  class BodyContext {
   public:
    BodyContext(Parser& parser, MacroDefinition* macro, bool in_loop)
        : parser_(parser), saved_in_loop_(parser.in_loop_), pushed_macro_(macro != nullptr) {
      parser_.in_loop_ = in_loop;
      if (pushed_macro_) parser_.macros_.push_back(macro);
    }
    BodyContext(const BodyContext&) = delete;
    BodyContext& operator=(const BodyContext&) = delete;
    ~BodyContext() {
      parser_.in_loop_ = saved_in_loop_;
      if (pushed_macro_) parser_.macros_.pop_back();
    }

   private:
    Parser& parser_;
    bool saved_in_loop_;
    bool pushed_macro_;
  };

  // ----- statements -------------------------------------------------------

  // Parses template data, output and statements until a block whose tag is
  // one of `end_tags`; returns with that tag name as the current token.
  Body parse_until(std::initializer_list<std::string_view> end_tags) {
    Body body;
    while (true) {
      const Token& token = current();
      switch (token.kind) {
        case TokenKind::text:
          body.push_back(Statement{token.line, TextOutput{token.text}});
          advance();
          break;
        case TokenKind::variable_begin: {
          advance();
          ExpressionPtr value = parse_tuple(TupleMode::expression);
          expect(TokenKind::variable_end, "end of print statement");
          body.push_back(Statement{token.line, ValueOutput{std::move(value)}});
          break;
        }
        case TokenKind::block_begin: {
          advance();
          if (current().kind == TokenKind::name &&
              std::find(end_tags.begin(), end_tags.end(), current().text) != end_tags.end()) {
            return body;
          }
          body.push_back(parse_statement(end_tags));
          expect(TokenKind::block_end, "end of statement block");
          break;
        }
        case TokenKind::end:
          if (end_tags.size() != 0) {
            fail(token.line,
                 fmt::format("unexpected end of template, expected '{}'", *end_tags.begin()));
          }
          return body;
        default:
          fail(token.line, fmt::format("unexpected {}", describe(token)));
      }
    }
  }

  // After a tag's arguments: "%}", the body up to one of `end_tags`; leaves
  // the end tag's name current unless `drop_end_tag`.
  Body parse_block_body(std::initializer_list<std::string_view> end_tags, bool drop_end_tag) {
    skip_symbol(":");
    expect(TokenKind::block_end, "end of statement block");
    Body body = parse_until(end_tags);
    if (drop_end_tag) advance();
    return body;
  }

  Statement parse_statement(std::initializer_list<std::string_view> enclosing_end_tags) {
    const Token& tag = current();
    if (tag.kind != TokenKind::name) fail(tag.line, "tag name expected");
    const int line = tag.line;
    const std::string name = tag.text;
    DepthGuard guard(*this, line);
    if (name == "for") return {line, parse_for()};
    if (name == "if") return {line, parse_if()};
    if (name == "set") return parse_set(line);
    if (name == "macro") return {line, parse_macro()};
    if (name == "call") return {line, parse_call_block()};
    if (name == "filter") return {line, parse_filter_block()};
    if (name == "with") return {line, parse_with()};
    if (name == "generation") return {line, parse_generation()};
    if (name == "print") return {line, parse_print()};
    if (name == "break" || name == "continue") {
      advance();
      if (!in_loop_) fail(line, fmt::format("'{}' outside of a loop", name));
      if (name == "break") return {line, BreakStatement{}};
      return {line, ContinueStatement{}};
    }
    if (name == "extends" || name == "include" || name == "import" || name == "from" ||
        name == "block" || name == "autoescape") {
      raise(ErrorKind::unsupported, "template line {}: the '{}' tag is not supported", line, name);
    }
    if (enclosing_end_tags.size() != 0) {
      fail(line, fmt::format("unknown tag '{}', expected '{}'", name, *enclosing_end_tags.begin()));
    }
    fail(line, fmt::format("unknown tag '{}'", name));
  }

  ForStatement parse_for() {
    advance();
    ForStatement loop;
    loop.target = parse_assign_target({"in"});
    if (!skip_name("in")) fail_unexpected("'in'");
    loop.iterable = parse_tuple(TupleMode::no_conditional, {"recursive"});
    {
      SoftScope hard(*this, false);
      if (skip_name("if")) loop.filter = parse_expression();
    }
    if (at_name("recursive")) {
      raise(ErrorKind::unsupported, "template line {}: recursive loops are not supported",
            current().line);
    }
    SoftScope hard(*this, false);
    {
      BodyContext context(*this, nullptr, true);
      loop.body = parse_block_body({"endfor", "else"}, false);
    }
    if (advance().text == "else") {
      // The else body runs after the loop, so break and continue there
      // belong to an enclosing loop, if any.
      BodyContext context(*this, nullptr, in_loop_);
      loop.otherwise = parse_block_body({"endfor"}, true);
    }
    return loop;
  }

  IfStatement parse_if() {
    advance();
    SoftScope soft(*this, true);
    IfStatement statement;
    while (true) {
      IfBranch branch;
      branch.condition = parse_tuple(TupleMode::no_conditional);
      branch.body = parse_block_body({"elif", "else", "endif"}, false);
      statement.branches.push_back(std::move(branch));
      const std::string tag = advance().text;
      if (tag == "elif") continue;
      if (tag == "else") statement.otherwise = parse_block_body({"endif"}, true);
      return statement;
    }
  }

  Statement parse_set(int line) {
    advance();
    SetTarget target;
    if (current().kind == TokenKind::name && peek().kind == TokenKind::symbol &&
        peek().text == ".") {
      NamespaceTarget attribute_target;
      attribute_target.namespace_name = advance().text;
      advance();
      attribute_target.attribute = expect_name();
      target = std::move(attribute_target);
    } else {
      target = parse_assign_target({});
    }
    if (skip_symbol("=")) {
      return {line, SetStatement{std::move(target), parse_tuple(TupleMode::expression)}};
    }
    SetBlockStatement block;
    block.target = std::move(target);
    SoftScope hard(*this, false);
    block.filters = parse_filter_chain(false);
    block.body = parse_block_body({"endset"}, true);
    return {line, std::move(block)};
  }

  MacroDefinition parse_macro() {
    advance();
    MacroDefinition macro;
    macro.name = expect_name();
    parse_signature(macro);
    SoftScope hard(*this, false);
    BodyContext context(*this, &macro, false);
    macro.body = parse_block_body({"endmacro"}, true);
    return macro;
  }

  void parse_signature(MacroDefinition& macro) {
    expect_symbol("(");
    while (!at_symbol(")")) {
      if (!macro.parameters.empty()) expect_symbol(",");
      Parameter parameter;
      parameter.name = expect_name();
      if (skip_symbol("=")) {
        parameter.default_value = parse_expression();
      } else if (!macro.parameters.empty() && macro.parameters.back().default_value) {
        fail(current().line, "non-default argument follows default argument");
      }
      macro.parameters.push_back(std::move(parameter));
    }
    expect_symbol(")");
  }

  CallBlockStatement parse_call_block() {
    const int line = advance().line;
    CallBlockStatement block;
    block.caller.name = "caller";
    if (at_symbol("(")) parse_signature(block.caller);
    block.call = parse_expression();
    if (!std::holds_alternative<Call>(block.call->node)) fail(line, "expected call");
    SoftScope hard(*this, false);
    BodyContext context(*this, &block.caller, false);
    block.caller.body = parse_block_body({"endcall"}, true);
    return block;
  }

  FilterBlockStatement parse_filter_block() {
    advance();
    SoftScope hard(*this, false);
    FilterBlockStatement block;
    block.filters = parse_filter_chain(true);
    block.body = parse_block_body({"endfilter"}, true);
    return block;
  }

  WithStatement parse_with() {
    advance();
    WithStatement block;
    while (current().kind != TokenKind::block_end) {
      if (!block.assignments.empty()) expect_symbol(",");
      AssignTarget target = parse_assign_target({});
      expect_symbol("=");
      block.assignments.emplace_back(std::move(target), parse_expression());
    }
    SoftScope hard(*this, false);
    block.body = parse_block_body({"endwith"}, true);
    return block;
  }

  // Hugging Face's {% generation %} marks the assistant's part of the prompt
  // for training masks; rendering it is rendering its body in a new scope.
  WithStatement parse_generation() {
    advance();
    SoftScope hard(*this, false);
    WithStatement block;
    block.body = parse_block_body({"endgeneration"}, true);
    return block;
  }

  // {% print a, b %} prints each expression: their str() joined.
  ValueOutput parse_print() {
    const int line = advance().line;
    ExpressionPtr joined = parse_expression();
    while (skip_symbol(",")) {
      joined = make_expression(
          line, BinaryOperation{BinaryOperator::concat, std::move(joined), parse_expression()});
    }
    return ValueOutput{std::move(joined)};
  }

  AssignTarget parse_assign_target(std::initializer_list<std::string_view> extra_end_names) {
    const int line = current().line;
    ExpressionPtr target = parse_tuple(TupleMode::primary, extra_end_names);
    return to_assign_target(*target, line);
  }

  AssignTarget to_assign_target(const Expression& expression, int line) const {
    AssignTarget target;
    if (const auto* variable = std::get_if<VariableRef>(&expression.node)) {
      target.name = variable->name;
      return target;
    }
    const auto* tuple = std::get_if<ListLiteral>(&expression.node);
    if (tuple == nullptr || !tuple->is_tuple) fail(line, "cannot assign to this expression");
    target.is_unpacking = true;
    for (const ExpressionPtr& item : tuple->items) {
      target.elements.push_back(to_assign_target(*item, line));
    }
    return target;
  }

  // ----- expressions ------------------------------------------------------

  enum class TupleMode {
    expression,      // items are full expressions
    no_conditional,  // items cannot be inline ifs (`for x in items if ...`)
    primary,         // items are names and parenthesized tuples (assignment)
  };

  ExpressionPtr parse_tuple(TupleMode mode,
                            std::initializer_list<std::string_view> extra_end_names = {},
                            bool explicit_parentheses = false) {
    const int line = current().line;
    std::vector<ExpressionPtr> items;
    bool is_tuple = false;
    while (true) {
      if (!items.empty()) expect_symbol(",");
      if (is_tuple_end(extra_end_names)) break;
      switch (mode) {
        case TupleMode::expression:
          items.push_back(parse_expression());
          break;
        case TupleMode::no_conditional:
          items.push_back(parse_or());
          break;
        case TupleMode::primary:
          items.push_back(parse_primary());
          break;
      }
      if (!at_symbol(",")) break;
      is_tuple = true;
    }
    if (!is_tuple) {
      if (!items.empty()) return std::move(items.front());
      if (!explicit_parentheses) fail_unexpected("an expression");
    }
    return make_expression(line, ListLiteral{std::move(items), true});
  }

  bool is_tuple_end(std::initializer_list<std::string_view> extra_end_names) const {
    const Token& token = current();
    if (token.kind == TokenKind::variable_end || token.kind == TokenKind::block_end ||
        at_symbol(")")) {
      return true;
    }
    return token.kind == TokenKind::name &&
           std::find(extra_end_names.begin(), extra_end_names.end(), token.text) !=
               extra_end_names.end();
  }

  ExpressionPtr parse_expression() {
    DepthGuard guard(*this, current().line);
    const int line = current().line;
    ExpressionPtr value = parse_or();
    while (at_name("if")) {
      advance();
      SoftScope soft(*this, true);
      Conditional conditional;
      conditional.condition = parse_or();
      if (skip_name("else")) conditional.if_false = parse_expression();
      conditional.if_true = std::move(value);
      value = make_expression(line, std::move(conditional));
    }
    return value;
  }

  ExpressionPtr parse_or() {
    ExpressionPtr left = parse_and();
    while (at_name("or")) {
      const int line = advance().line;
      left = make_expression(line, LogicalOperation{false, std::move(left), parse_and()});
    }
    return left;
  }

  ExpressionPtr parse_and() {
    ExpressionPtr left = parse_not();
    while (at_name("and")) {
      const int line = advance().line;
      left = make_expression(line, LogicalOperation{true, std::move(left), parse_not()});
    }
    return left;
  }

  ExpressionPtr parse_not() {
    if (at_name("not")) {
      const int line = advance().line;
      DepthGuard guard(*this, line);
      return make_expression(line, UnaryOperation{UnaryOperator::logical_not, parse_not()});
    }
    return parse_comparison();
  }

  ExpressionPtr parse_comparison() {
    const int line = current().line;
    ExpressionPtr first = parse_additive();
    Comparison comparison;
    while (true) {
      std::optional<ComparisonOperator> op;
      if (current().kind == TokenKind::symbol) {
        const std::string& symbol = current().text;
        if (symbol == "==") op = ComparisonOperator::equal;
        if (symbol == "!=") op = ComparisonOperator::not_equal;
        if (symbol == "<") op = ComparisonOperator::less;
        if (symbol == "<=") op = ComparisonOperator::less_equal;
        if (symbol == ">") op = ComparisonOperator::greater;
        if (symbol == ">=") op = ComparisonOperator::greater_equal;
        if (op) advance();
      } else if (at_name("in")) {
        advance();
        op = ComparisonOperator::contained_in;
      } else if (at_name("not") && peek().kind == TokenKind::name && peek().text == "in") {
        advance();
        advance();
        op = ComparisonOperator::not_contained_in;
      }
      if (!op) break;
      comparison.rest.emplace_back(*op, parse_additive());
    }
    if (comparison.rest.empty()) return first;
    comparison.first = std::move(first);
    return make_expression(line, std::move(comparison));
  }

  ExpressionPtr parse_additive() {
    ExpressionPtr left = parse_concat();
    while (at_symbol("+") || at_symbol("-")) {
      const Token& token = advance();
      const BinaryOperator op = token.text == "+" ? BinaryOperator::add : BinaryOperator::subtract;
      left = make_expression(token.line, BinaryOperation{op, std::move(left), parse_concat()});
    }
    return left;
  }

  ExpressionPtr parse_concat() {
    ExpressionPtr left = parse_multiplicative();
    while (at_symbol("~")) {
      const int line = advance().line;
      left = make_expression(
          line, BinaryOperation{BinaryOperator::concat, std::move(left), parse_multiplicative()});
    }
    return left;
  }

  ExpressionPtr parse_multiplicative() {
    ExpressionPtr left = parse_power();
    while (true) {
      std::optional<BinaryOperator> op;
      if (at_symbol("*")) op = BinaryOperator::multiply;
      if (at_symbol("/")) op = BinaryOperator::divide;
      if (at_symbol("//")) op = BinaryOperator::floor_divide;
      if (at_symbol("%")) op = BinaryOperator::modulo;
      if (!op) return left;
      const int line = advance().line;
      left = make_expression(line, BinaryOperation{*op, std::move(left), parse_power()});
    }
  }

  ExpressionPtr parse_power() {
    ExpressionPtr left = parse_unary(true);
    while (at_symbol("**")) {
      const int line = advance().line;
      left = make_expression(
          line, BinaryOperation{BinaryOperator::power, std::move(left), parse_unary(true)});
    }
    return left;
  }

  ExpressionPtr parse_unary(bool with_filters) {
    const int line = current().line;
    DepthGuard guard(*this, line);
    ExpressionPtr node;
    if (at_symbol("-") || at_symbol("+")) {
      const UnaryOperator op = advance().text == "-" ? UnaryOperator::negate : UnaryOperator::plus;
      node = make_expression(line, UnaryOperation{op, parse_unary(false)});
    } else {
      node = parse_primary();
    }
    node = parse_postfix(std::move(node));
    if (with_filters) node = parse_filters_and_tests(std::move(node));
    return node;
  }

  ExpressionPtr parse_primary() {
    const Token& token = current();
    const int line = token.line;
    DepthGuard guard(*this, line);
    switch (token.kind) {
      case TokenKind::name: {
        advance();
        const std::string& name = token.text;
        if (name == "true" || name == "True")
          return make_expression(line, Literal{Value::boolean(true)});
        if (name == "false" || name == "False") {
          return make_expression(line, Literal{Value::boolean(false)});
        }
        if (name == "none" || name == "None") return make_expression(line, Literal{Value::none()});
        note_special_name(name);
        return make_expression(line, VariableRef{name});
      }
      case TokenKind::string: {
        // Adjacent string literals join, as in Python.
        std::string text;
        while (current().kind == TokenKind::string) text += advance().text;
        return make_expression(line, Literal{Value::string(std::move(text))});
      }
      case TokenKind::integer:
      case TokenKind::floating:
        advance();
        return make_expression(line, Literal{token.literal});
      default:
        break;
    }
    if (skip_symbol("(")) {
      ExpressionPtr inner = parse_tuple(TupleMode::expression, {}, true);
      expect_symbol(")");
      return inner;
    }
    if (at_symbol("[")) return parse_list();
    if (at_symbol("{")) return parse_dict();
    fail(line, fmt::format("unexpected {}", describe(token)));
  }

  // Names that change what a macro accepts when its body uses them.
  void note_special_name(const std::string& name) {
    for (MacroDefinition* macro : macros_) {
      if (name == "varargs") macro->takes_varargs = true;
      if (name == "kwargs") macro->takes_kwargs = true;
      if (name == "caller") macro->takes_caller = true;
    }
  }

  ExpressionPtr parse_list() {
    const int line = advance().line;
    ListLiteral list;
    while (!at_symbol("]")) {
      if (!list.items.empty()) expect_symbol(",");
      if (at_symbol("]")) break;
      list.items.push_back(parse_expression());
    }
    expect_symbol("]");
    return make_expression(line, std::move(list));
  }

  ExpressionPtr parse_dict() {
    const int line = advance().line;
    DictLiteral dict;
    while (!at_symbol("}")) {
      if (!dict.entries.empty()) expect_symbol(",");
      if (at_symbol("}")) break;
      ExpressionPtr key = parse_expression();
      expect_symbol(":");
      dict.entries.emplace_back(std::move(key), parse_expression());
    }
    expect_symbol("}");
    return make_expression(line, std::move(dict));
  }

  ExpressionPtr parse_postfix(ExpressionPtr node) {
    while (true) {
      if (at_symbol(".") || at_symbol("[")) {
        node = parse_subscript(std::move(node));
      } else if (at_symbol("(")) {
        node = parse_call(std::move(node));
      } else {
        return node;
      }
    }
  }

  ExpressionPtr parse_filters_and_tests(ExpressionPtr node) {
    while (true) {
      if (at_symbol("|")) {
        for (FilterApplication& filter : parse_filter_chain(false)) {
          const int line = filter.line;
          node = make_expression(line, FilterCall{std::move(node), std::move(filter)});
        }
      } else if (at_name("is")) {
        node = parse_test(std::move(node));
      } else if (at_symbol("(")) {
        node = parse_call(std::move(node));
      } else {
        return node;
      }
    }
  }

  // `| a | b(1)`, or `a | b(1)` when `start_inline` (a filter block's tag).
  std::vector<FilterApplication> parse_filter_chain(bool start_inline) {
    std::vector<FilterApplication> chain;
    while (at_symbol("|") || start_inline) {
      if (!start_inline) advance();
      start_inline = false;
      FilterApplication filter;
      filter.line = current().line;
      filter.name = parse_dotted_name();
      if (at_symbol("(")) filter.arguments = parse_call_arguments();
      if (find_filter(filter.name) == nullptr && !soft_) {
        fail(filter.line, fmt::format("no filter named '{}'", filter.name));
      }
      chain.push_back(std::move(filter));
    }
    return chain;
  }

  std::string parse_dotted_name() {
    std::string name = expect_name();
    while (skip_symbol(".")) name += "." + expect_name();
    return name;
  }

  ExpressionPtr parse_test(ExpressionPtr subject) {
    const int line = advance().line;
    const bool negated = skip_name("not");
    TestCall test;
    test.name = parse_dotted_name();
    if (at_symbol("(")) {
      test.arguments = parse_call_arguments();
    } else if (starts_test_argument()) {
      // `value is divisibleby 3`: one argument without parentheses.
      if (at_name("is")) fail(current().line, "you cannot chain multiple tests with is");
      test.arguments.positional.push_back(parse_postfix(parse_primary()));
    }
    if (find_test(test.name) == nullptr && !soft_) {
      fail(line, fmt::format("no test named '{}'", test.name));
    }
    test.subject = std::move(subject);
    ExpressionPtr node = make_expression(line, std::move(test));
    if (negated)
      node = make_expression(line, UnaryOperation{UnaryOperator::logical_not, std::move(node)});
    return node;
  }

  bool starts_test_argument() const {
    const Token& token = current();
    switch (token.kind) {
      case TokenKind::name:
        return token.text != "else" && token.text != "or" && token.text != "and";
      case TokenKind::string:
      case TokenKind::integer:
      case TokenKind::floating:
        return true;
      case TokenKind::symbol:
        return token.text == "(" || token.text == "[" || token.text == "{";
      default:
        return false;
    }
  }

  ExpressionPtr parse_subscript(ExpressionPtr object) {
    const Token& token = advance();
    const int line = token.line;
    if (token.text == ".") {
      const Token& attribute = advance();
      if (attribute.kind == TokenKind::name) {
        return make_expression(line, AttributeRef{std::move(object), attribute.text});
      }
      if (attribute.kind != TokenKind::integer) fail(attribute.line, "expected name or number");
      return make_expression(
          line, ItemRef{std::move(object), make_expression(line, Literal{attribute.literal})});
    }
    std::vector<ExpressionPtr> keys;
    std::optional<SliceRef> slice;
    std::size_t count = 0;
    while (!at_symbol("]")) {
      if (count++ > 0) expect_symbol(",");
      ExpressionPtr start;
      if (!at_symbol(":")) {
        start = parse_expression();
        if (!at_symbol(":")) {
          keys.push_back(std::move(start));
          continue;
        }
      }
      slice = parse_slice(std::move(start));
    }
    expect_symbol("]");
    if (slice) {
      if (count != 1) fail(line, "slices inside a tuple index are not supported");
      slice->object = std::move(object);
      return make_expression(line, std::move(*slice));
    }
    if (keys.empty()) fail(line, "expected an index");
    if (keys.size() == 1) {
      return make_expression(line, ItemRef{std::move(object), std::move(keys.front())});
    }
    ExpressionPtr tuple = make_expression(line, ListLiteral{std::move(keys), true});
    return make_expression(line, ItemRef{std::move(object), std::move(tuple)});
  }

  // The rest of `start:stop:step`, the current token being the first ':'.
  SliceRef parse_slice(ExpressionPtr start) {
    SliceRef slice;
    slice.start = std::move(start);
    expect_symbol(":");
    if (!at_symbol("]") && !at_symbol(",") && !at_symbol(":")) slice.stop = parse_expression();
    if (skip_symbol(":")) {
      if (!at_symbol("]") && !at_symbol(",")) slice.step = parse_expression();
    }
    return slice;
  }

  ExpressionPtr parse_call(ExpressionPtr callee) {
    const int line = current().line;
    CallArguments arguments = parse_call_arguments();
    return make_expression(line, Call{std::move(callee), std::move(arguments)});
  }

  CallArguments parse_call_arguments() {
    const int line = current().line;
    expect_symbol("(");
    CallArguments arguments;
    const auto ensure = [&](bool valid) {
      if (!valid) fail(line, "invalid syntax for function call expression");
    };
    bool need_comma = false;
    while (!at_symbol(")")) {
      if (need_comma) {
        expect_symbol(",");
        if (at_symbol(")")) break;
      }
      if (skip_symbol("*")) {
        ensure(!arguments.spread_positional && !arguments.spread_keywords);
        arguments.spread_positional = parse_expression();
      } else if (skip_symbol("**")) {
        ensure(!arguments.spread_keywords);
        arguments.spread_keywords = parse_expression();
      } else if (current().kind == TokenKind::name && peek().kind == TokenKind::symbol &&
                 peek().text == "=") {
        ensure(!arguments.spread_keywords);
        std::string name = advance().text;
        advance();
        for (const auto& keyword : arguments.keywords) {
          if (keyword.first == name) fail(line, fmt::format("keyword argument repeated: {}", name));
        }
        arguments.keywords.emplace_back(std::move(name), parse_expression());
      } else {
        ensure(!arguments.spread_positional && !arguments.spread_keywords &&
               arguments.keywords.empty());
        arguments.positional.push_back(parse_expression());
      }
      need_comma = true;
    }
    expect_symbol(")");
    return arguments;
  }

  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  int depth_ = 0;
  bool soft_ = false;
  bool in_loop_ = false;
  std::vector<MacroDefinition*> macros_;
};

}  // namespace

Body parse_template(std::string_view source) {
  return Parser(tokenize(source)).parse_template();
}

}  // namespace hearth::chat::jinja
