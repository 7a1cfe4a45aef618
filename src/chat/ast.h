// The syntax tree of a parsed Jinja template: expressions and statements.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "value.h"

namespace hearth::chat::jinja {

struct Expression;
using ExpressionPtr = std::unique_ptr<Expression>;

struct CallArguments {
  std::vector<ExpressionPtr> positional;
  std::vector<std::pair<std::string, ExpressionPtr>> keywords;
  ExpressionPtr spread_positional;  // f(*items)
  ExpressionPtr spread_keywords;    // f(**mapping)
};

struct Literal {
  Value value;
};

struct VariableRef {
  std::string name;
};

// object.name: an attribute first, then an item (jinja2's getattr).
struct AttributeRef {
  ExpressionPtr object;
  std::string name;
};

// object[key]: an item first, then an attribute (jinja2's getitem).
struct ItemRef {
  ExpressionPtr object;
  ExpressionPtr key;
};

// object[start:stop:step]; absent parts are null.
struct SliceRef {
  ExpressionPtr object;
  ExpressionPtr start;
  ExpressionPtr stop;
  ExpressionPtr step;
};

struct Call {
  ExpressionPtr callee;
  CallArguments arguments;
};

struct FilterApplication {
  std::string name;
  CallArguments arguments;
  int line = 1;
};

// subject | name(arguments)
struct FilterCall {
  ExpressionPtr subject;
  FilterApplication filter;
};

// subject is name(arguments); `is not` is a negation around it.
struct TestCall {
  ExpressionPtr subject;
  std::string name;
  CallArguments arguments;
};

enum class UnaryOperator { negate, plus, logical_not };

struct UnaryOperation {
  UnaryOperator op;
  ExpressionPtr operand;
};

enum class BinaryOperator { add, subtract, multiply, divide, floor_divide, modulo, power, concat };

struct BinaryOperation {
  BinaryOperator op;
  ExpressionPtr left;
  ExpressionPtr right;
};

// `and` / `or`: short-circuit, and yield an operand, as in Python.
struct LogicalOperation {
  bool is_and;
  ExpressionPtr left;
  ExpressionPtr right;
};

enum class ComparisonOperator {
  equal,
  not_equal,
  less,
  less_equal,
  greater,
  greater_equal,
  contained_in,
  not_contained_in,
};

// a < b <= c: chained as in Python.
struct Comparison {
  ExpressionPtr first;
  std::vector<std::pair<ComparisonOperator, ExpressionPtr>> rest;
};

// if_true if condition else if_false; without else, undefined when false.
struct Conditional {
  ExpressionPtr condition;
  ExpressionPtr if_true;
  ExpressionPtr if_false;
};

struct ListLiteral {
  std::vector<ExpressionPtr> items;
  bool is_tuple = false;
};

struct DictLiteral {
  std::vector<std::pair<ExpressionPtr, ExpressionPtr>> entries;
};

struct Expression {
  int line = 1;
  std::variant<Literal, VariableRef, AttributeRef, ItemRef, SliceRef, Call, FilterCall, TestCall,
               UnaryOperation, BinaryOperation, LogicalOperation, Comparison, Conditional,
               ListLiteral, DictLiteral>
      node;
};

struct Statement;
using Body = std::vector<Statement>;

// A name, or names to unpack into: `a`, `a, b`, `(a, b), c`.
struct AssignTarget {
  std::string name;
  std::vector<AssignTarget> elements;
  bool is_unpacking = false;
};

// {% set ns.attribute = ... %}
struct NamespaceTarget {
  std::string namespace_name;
  std::string attribute;
};

using SetTarget = std::variant<AssignTarget, NamespaceTarget>;

struct TextOutput {
  std::string text;
};

struct ValueOutput {
  ExpressionPtr value;
};

struct IfBranch {
  ExpressionPtr condition;
  Body body;
};

struct IfStatement {
  std::vector<IfBranch> branches;
  Body otherwise;
};

struct ForStatement {
  AssignTarget target;
  ExpressionPtr iterable;
  ExpressionPtr filter;  // for x in items if filter
  Body body;
  Body otherwise;  // runs when no item passed the filter
};

struct SetStatement {
  SetTarget target;
  ExpressionPtr value;
};

// {% set x | filters %}body{% endset %}
struct SetBlockStatement {
  SetTarget target;
  std::vector<FilterApplication> filters;
  Body body;
};

struct Parameter {
  std::string name;
  ExpressionPtr default_value;  // null when the parameter is required
};

struct MacroDefinition {
  std::string name;
  std::vector<Parameter> parameters;
  Body body;
  // Whether the body names `varargs`, `kwargs`, `caller`: only then does the
  // macro accept extra positional or keyword arguments, or a caller.
  bool takes_varargs = false;
  bool takes_kwargs = false;
  bool takes_caller = false;
};

// {% call(parameters) macro(arguments) %}body{% endcall %}: the body becomes
// the `caller` macro.
struct CallBlockStatement {
  MacroDefinition caller;
  ExpressionPtr call;
};

struct FilterBlockStatement {
  std::vector<FilterApplication> filters;
  Body body;
};

// {% with a = 1 %}; also Hugging Face's {% generation %}, a scope with no
// assignments.
struct WithStatement {
  std::vector<std::pair<AssignTarget, ExpressionPtr>> assignments;
  Body body;
};

struct BreakStatement {};
struct ContinueStatement {};

struct Statement {
  int line = 1;
  std::variant<TextOutput, ValueOutput, IfStatement, ForStatement, SetStatement, SetBlockStatement,
               MacroDefinition, CallBlockStatement, FilterBlockStatement, WithStatement,
               BreakStatement, ContinueStatement>
      node;
};

}  // namespace hearth::chat::jinja
