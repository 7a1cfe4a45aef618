// Values that a column header names: the rows of a CSV, TSV or pipe table
// under a header line ("id,name,dob,zip"), and the tuples of an SQL INSERT
// after its column list ("INSERT INTO t (name, date_of_birth) VALUES ...").
// In a table the field name is far from its values, so the keyword readers
// never see them. Only cells shaped like the column's field are reported: a
// date under "dob", a postal code under "zip", a document number under
// "passport" or "license_number", a password under "password".
#pragma once

#include <cstddef>
#include <string_view>

#include "../detection.h"

namespace hearth::privacy::structured {

// match_end: after the delimiter that ends a header cell naming one of
// those fields (the pattern matched the cell with the delimiters around
// it). Appends a detection for each row whose cell in that column fits.
void find_column_values(std::string_view text, std::size_t match_end, Detections& out);

}  // namespace hearth::privacy::structured
