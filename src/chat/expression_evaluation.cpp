// The expressions: names, lookups, calls, filters, tests and operators.
#include <fmt/format.h>

#include <type_traits>

#include "comparison.h"
#include "hearth/util/error.h"
#include "interpreter.h"
#include "iteration.h"
#include "located_error.h"
#include "lookup.h"
#include "operators.h"

namespace hearth::chat::jinja {
namespace {

bool compare(ComparisonOperator op, const Value& left, const Value& right, RenderBudget& budget) {
  switch (op) {
    case ComparisonOperator::equal:
      return python_equal(left, right);
    case ComparisonOperator::not_equal:
      return !python_equal(left, right);
    case ComparisonOperator::less:
      return python_less(left, right);
    case ComparisonOperator::less_equal:
      return python_less(left, right) || python_equal(left, right);
    case ComparisonOperator::greater:
      return python_less(right, left);
    case ComparisonOperator::greater_equal:
      return python_less(right, left) || python_equal(left, right);
    case ComparisonOperator::contained_in:
      return contains(right, left, budget);
    case ComparisonOperator::not_contained_in:
      return !contains(right, left, budget);
  }
  return false;
}

}  // namespace

Value Interpreter::evaluate(const Expression& expression) {
  try {
    Value value = evaluate_node(expression);
    // Every string computed counts toward the work a render may do.
    if (value.is_string()) budget_.check_string(value.as_string().size());
    return value;
  } catch (const LocatedError&) {
    throw;
  } catch (const Error& error) {
    throw LocatedError(error, expression.line);
  }
}

Value Interpreter::evaluate_node(const Expression& expression) {
  return std::visit(
      [&](const auto& node) -> Value {
        using Node = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<Node, Literal>) {
          return node.value;
        } else if constexpr (std::is_same_v<Node, VariableRef>) {
          if (const Value* value = scope_->find(node.name)) return *value;
          return Value::undefined(fmt::format("'{}' is undefined", node.name));
        } else if constexpr (std::is_same_v<Node, AttributeRef>) {
          return get_attribute(evaluate(*node.object), node.name);
        } else if constexpr (std::is_same_v<Node, ItemRef>) {
          const Value object = evaluate(*node.object);
          return get_item(object, evaluate(*node.key));
        } else if constexpr (std::is_same_v<Node, SliceRef>) {
          const Value object = evaluate(*node.object);
          const Value start = node.start ? evaluate(*node.start) : Value::none();
          const Value stop = node.stop ? evaluate(*node.stop) : Value::none();
          const Value step = node.step ? evaluate(*node.step) : Value::none();
          return get_slice(object, start, stop, step);
        } else if constexpr (std::is_same_v<Node, Call>) {
          return evaluate_call(node);
        } else if constexpr (std::is_same_v<Node, FilterCall>) {
          return evaluate_filter(node);
        } else if constexpr (std::is_same_v<Node, TestCall>) {
          return evaluate_test(node);
        } else if constexpr (std::is_same_v<Node, UnaryOperation>) {
          return unary_operation(node.op, evaluate(*node.operand));
        } else if constexpr (std::is_same_v<Node, BinaryOperation>) {
          const Value left = evaluate(*node.left);
          return binary_operation(node.op, left, evaluate(*node.right), budget_);
        } else if constexpr (std::is_same_v<Node, LogicalOperation>) {
          Value left = evaluate(*node.left);
          if (left.truthy() != node.is_and) return left;
          return evaluate(*node.right);
        } else if constexpr (std::is_same_v<Node, Comparison>) {
          return evaluate_comparison(node);
        } else if constexpr (std::is_same_v<Node, Conditional>) {
          if (evaluate(*node.condition).truthy()) return evaluate(*node.if_true);
          if (node.if_false) return evaluate(*node.if_false);
          return Value::undefined(fmt::format(
              "the inline if-expression on line {} evaluated to false and no else section was "
              "defined.",
              expression.line));
        } else if constexpr (std::is_same_v<Node, ListLiteral>) {
          std::vector<Value> items;
          items.reserve(node.items.size());
          for (const ExpressionPtr& item : node.items) items.push_back(evaluate(*item));
          return node.is_tuple ? Value::tuple(std::move(items)) : Value::array(std::move(items));
        } else {
          static_assert(std::is_same_v<Node, DictLiteral>);
          return evaluate_dict(node);
        }
      },
      expression.node);
}

Value Interpreter::evaluate_comparison(const Comparison& comparison) {
  Value left = evaluate(*comparison.first);
  for (const auto& [op, operand] : comparison.rest) {
    Value right = evaluate(*operand);
    if (!compare(op, left, right, budget_)) return Value::boolean(false);
    left = std::move(right);
  }
  return Value::boolean(true);
}

Value Interpreter::evaluate_dict(const DictLiteral& dict) {
  Dict entries;
  for (const auto& [key_expression, value_expression] : dict.entries) {
    const Value key = evaluate(*key_expression);
    if (!key.is_string()) {
      raise(ErrorKind::unsupported, "dict keys other than strings are not supported (got {})",
            key.type_name());
    }
    entries.insert_or_assign(key.as_string(), evaluate(*value_expression));
  }
  return Value::dict(std::move(entries));
}

Arguments Interpreter::evaluate_arguments(const CallArguments& call) {
  Arguments arguments;
  for (const ExpressionPtr& argument : call.positional) {
    arguments.positional.push_back(evaluate(*argument));
  }
  if (call.spread_positional) {
    for (Value& item : iterate(evaluate(*call.spread_positional), budget_)) {
      arguments.positional.push_back(std::move(item));
    }
  }
  for (const auto& [name, argument] : call.keywords) {
    arguments.keywords.emplace_back(name, evaluate(*argument));
  }
  if (call.spread_keywords) {
    const Value mapping = evaluate(*call.spread_keywords);
    if (!mapping.is_dict()) {
      raise(ErrorKind::invalid_argument, "argument after ** must be a mapping, not {}",
            mapping.type_name());
    }
    for (const auto& [name, value] : mapping.as_dict().entries()) {
      arguments.keywords.emplace_back(name, value);
    }
  }
  for (std::size_t i = 0; i < arguments.keywords.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (arguments.keywords[i].first == arguments.keywords[j].first) {
        raise(ErrorKind::invalid_argument, "got multiple values for keyword argument '{}'",
              arguments.keywords[i].first);
      }
    }
  }
  return arguments;
}

Value Interpreter::evaluate_call(const Call& call) {
  const Value callee = evaluate(*call.callee);
  return this->call(callee, evaluate_arguments(call.arguments));
}

Value Interpreter::evaluate_filter(const FilterCall& filter) {
  return apply_filter(filter.filter, evaluate(*filter.subject));
}

Value Interpreter::apply_filter(const FilterApplication& filter, const Value& subject) {
  return apply_filter(filter.name, subject, evaluate_arguments(filter.arguments));
}

Value Interpreter::evaluate_test(const TestCall& test) {
  const Value subject = evaluate(*test.subject);
  return Value::boolean(apply_test(test.name, subject, evaluate_arguments(test.arguments)));
}

}  // namespace hearth::chat::jinja
