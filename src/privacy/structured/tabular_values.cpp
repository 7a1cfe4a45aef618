#include "tabular_values.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assignment_recognizers.h"
#include "calendar_dates.h"
#include "detected.h"
#include "keyword_recognizers.h"
#include "postal_code_recognizers.h"
#include "text_shape.h"

namespace hearth::privacy::structured {
namespace {

// A table is read for this many rows or bytes at most: enough for an export
// pasted into a message, bounded for a dump.
constexpr std::size_t kMaxRows = 512;
constexpr std::size_t kMaxTableBytes = 64 * 1024;

enum class Field : std::uint8_t {
  none,
  birth_date,
  postal_code,
  passport,
  drivers_license,
  password
};

Field field_named(std::string_view header) {
  const std::string name = to_lower_ascii(header);
  auto has = [&](std::string_view part) { return name.find(part) != std::string::npos; };
  if (has("birth") || name == "dob" || name.ends_with("_dob") || name.starts_with("d.o.b"))
    return Field::birth_date;
  if (has("passport")) return Field::passport;
  if (has("zip") || has("post") || name == "plz") return Field::postal_code;
  if (has("licen") || name.starts_with("dl")) return Field::drivers_license;
  if (has("pass") || has("pwd")) return Field::password;
  return Field::none;
}

struct Cell {
  std::size_t begin;
  std::size_t end;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// The cell without surrounding spaces and, when quoted, without its quotes.
AssignedValue cell_value(std::string_view text, Cell cell) {
  while (cell.begin < cell.end && is_space(text[cell.begin])) ++cell.begin;
  while (cell.end > cell.begin && is_space(text[cell.end - 1])) --cell.end;
  const std::size_t length = cell.end - cell.begin;
  if (length >= 2 && (text[cell.begin] == '"' || text[cell.begin] == '\'') &&
      text[cell.end - 1] == text[cell.begin])
    return AssignedValue{cell.begin + 1, cell.end - 1, true};
  return AssignedValue{cell.begin, cell.end, false};
}

std::optional<Detection> field_value(std::string_view text, Field field, AssignedValue value) {
  const std::size_t length = value.end - value.begin;
  if (length == 0) return std::nullopt;
  auto fits = [&](std::size_t (*length_at)(std::string_view, std::size_t)) {
    return length_at(text.substr(0, value.end), value.begin) == length;
  };
  switch (field) {
    case Field::birth_date:
      if (!fits(date_length_at)) return std::nullopt;
      return detected(EntityType::date_of_birth, value.begin, value.end, 0.85f, "date_of_birth");
    case Field::postal_code:
      if (!fits(postal_code_length_at)) return std::nullopt;
      return detected(EntityType::postal_code, value.begin, value.end, 0.85f, "postal_code");
    case Field::passport:
      if (!fits(passport_number_length_at)) return std::nullopt;
      return detected(EntityType::passport_number, value.begin, value.end, 0.85f,
                      "passport_number");
    case Field::drivers_license:
      if (!fits(drivers_license_length_at)) return std::nullopt;
      return detected(EntityType::drivers_license, value.begin, value.end, 0.8f, "drivers_license");
    case Field::password:
      return password_detection(text, value);
    case Field::none:
      break;
  }
  return std::nullopt;
}

// Splits text[begin, end) at `delimiter` outside quotes ("" and '' escape a
// quote inside one, as CSV and SQL write them).
std::vector<Cell> split_cells(std::string_view text, std::size_t begin, std::size_t end,
                              char delimiter) {
  std::vector<Cell> cells;
  std::size_t cell_begin = begin;
  char quote = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) {
        if (i + 1 < end && text[i + 1] == quote)
          ++i;
        else
          quote = 0;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == delimiter) {
      cells.push_back({cell_begin, i});
      cell_begin = i + 1;
    }
  }
  cells.push_back({cell_begin, end});
  return cells;
}

// A header cell is a short field name, not a value.
bool header_like(std::string_view text, Cell cell) {
  const AssignedValue value = cell_value(text, cell);
  const std::string_view name = text.substr(value.begin, value.end - value.begin);
  if (name.size() > 40 || (!name.empty() && !is_alpha(name.front()) && name.front() != '_'))
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return is_alnum(c) || c == '_' || c == ' ' || c == '-' || c == '.' || c == '#' || c == '/' ||
           c == '\'' || c == '`' || c == '[' || c == ']';
  });
}

std::size_t line_end_after(std::string_view text, std::size_t at) {
  const std::size_t newline = text.find('\n', at);
  return newline == std::string_view::npos ? text.size() : newline;
}

// Rows below a header line: the same number of cells, until a blank line
// or a line shaped otherwise.
void read_delimited_rows(std::string_view text, std::size_t header_begin, std::size_t cell_begin,
                         Field field, Detections& out) {
  const std::size_t header_end = line_end_after(text, header_begin);
  const std::string_view header = text.substr(header_begin, header_end - header_begin);
  char delimiter = 0;
  std::size_t most = 0;
  for (char candidate : {',', '\t', '|', ';'}) {
    const auto count =
        static_cast<std::size_t>(std::count(header.begin(), header.end(), candidate));
    if (count > most) most = count, delimiter = candidate;
  }
  if (delimiter == 0) return;
  const std::vector<Cell> header_cells = split_cells(text, header_begin, header_end, delimiter);
  std::size_t named = 0, column = header_cells.size();
  for (std::size_t i = 0; i < header_cells.size(); ++i) {
    if (!header_like(text, header_cells[i])) return;
    const AssignedValue name = cell_value(text, header_cells[i]);
    named += name.end > name.begin ? 1 : 0;
    if (header_cells[i].begin <= cell_begin && cell_begin <= header_cells[i].end) column = i;
  }
  if (named < 2 || column == header_cells.size()) return;
  std::size_t at = header_end + 1;
  for (std::size_t rows = 0;
       at < text.size() && rows < kMaxRows && at - header_end < kMaxTableBytes; ++rows) {
    const std::size_t row_end = line_end_after(text, at);
    const std::vector<Cell> cells = split_cells(text, at, row_end, delimiter);
    if (cells.size() != header_cells.size()) return;
    if (auto detection = field_value(text, field, cell_value(text, cells[column])))
      out.push_back(std::move(*detection));
    at = row_end + 1;
  }
}

std::size_t skip_blank(std::string_view text, std::size_t at) {
  while (at < text.size() && (is_space(text[at]) || text[at] == '\n')) ++at;
  return at;
}

// Where the parenthesized SQL tuple or column list opening at text[open]
// closes, outside quotes; npos when it does not within the table's bounds.
std::size_t closing_parenthesis(std::string_view text, std::size_t open) {
  char quote = 0;
  int depth = 0;
  const std::size_t limit = std::min(text.size(), open + kMaxTableBytes);
  for (std::size_t i = open; i < limit; ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// "INSERT INTO [schema.]table" (or "REPLACE INTO") right before the column
// list that opens at text[open].
bool insert_statement_before(std::string_view text, std::size_t open) {
  std::size_t at = open;
  while (at > 0 && is_space(text[at - 1])) --at;
  const std::size_t table_end = at;
  while (at > 0 && table_end - at < 128 &&
         (is_word_byte(text[at - 1]) || text[at - 1] == '.' || text[at - 1] == '"' ||
          text[at - 1] == '`' || text[at - 1] == '[' || text[at - 1] == ']'))
    --at;
  if (at == table_end) return false;
  const std::size_t begin = at >= 32 ? at - 32 : 0;
  const std::string before = to_lower_ascii(text.substr(begin, at - begin));
  std::string_view trimmed(before);
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\n'))
    trimmed.remove_suffix(1);
  if (!trimmed.ends_with("into")) return false;
  return trimmed.find("insert") != std::string_view::npos ||
         trimmed.find("replace") != std::string_view::npos;
}

void read_sql_tuples(std::string_view text, std::size_t cell_begin, Field field, Detections& out) {
  std::size_t open = cell_begin;
  while (open > 0 && cell_begin - open < 1024 && text[open - 1] != '(' && text[open - 1] != ')' &&
         text[open - 1] != ';')
    --open;
  if (open == 0 || text[open - 1] != '(') return;
  --open;
  if (!insert_statement_before(text, open)) return;
  const std::size_t close = closing_parenthesis(text, open);
  if (close == std::string_view::npos) return;
  const std::vector<Cell> columns = split_cells(text, open + 1, close, ',');
  std::size_t column = columns.size();
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].begin <= cell_begin && cell_begin <= columns[i].end) column = i;
  if (column == columns.size()) return;
  std::size_t at = skip_blank(text, close + 1);
  if (to_lower_ascii(text.substr(at, 6)) != "values") return;
  at = skip_blank(text, at + 6);
  for (std::size_t rows = 0; rows < kMaxRows && at < text.size() && text[at] == '('; ++rows) {
    const std::size_t tuple_end = closing_parenthesis(text, at);
    if (tuple_end == std::string_view::npos) return;
    const std::vector<Cell> cells = split_cells(text, at + 1, tuple_end, ',');
    if (cells.size() == columns.size())
      if (auto detection = field_value(text, field, cell_value(text, cells[column])))
        out.push_back(std::move(*detection));
    at = skip_blank(text, tuple_end + 1);
    if (at >= text.size() || text[at] != ',') return;
    at = skip_blank(text, at + 1);
  }
}

}  // namespace

void find_column_values(std::string_view text, std::size_t match_end, Detections& out) {
  // The match ends with the delimiter after the cell (or a line break).
  std::size_t name_end = match_end - 1;
  while (name_end > 0 &&
         (is_space(text[name_end - 1]) || text[name_end - 1] == '"' || text[name_end - 1] == '\'' ||
          text[name_end - 1] == '`' || text[name_end - 1] == ']'))
    --name_end;
  std::size_t name_begin = name_end;
  while (name_begin > 0 && name_end - name_begin < 40 &&
         (is_alnum(text[name_begin - 1]) || text[name_begin - 1] == '_' ||
          text[name_begin - 1] == '-' || text[name_begin - 1] == '.' ||
          text[name_begin - 1] == '\'' || text[name_begin - 1] == ' '))
    --name_begin;
  while (name_begin < name_end && !is_alpha(text[name_begin])) ++name_begin;
  const Field field = field_named(text.substr(name_begin, name_end - name_begin));
  if (field == Field::none) return;
  std::size_t line_begin = name_begin;
  while (line_begin > 0 && text[line_begin - 1] != '\n') --line_begin;
  // A column list of an INSERT, or a header line; each reader checks its own shape.
  read_sql_tuples(text, name_begin, field, out);
  read_delimited_rows(text, line_begin, name_begin, field, out);
}

}  // namespace hearth::privacy::structured
