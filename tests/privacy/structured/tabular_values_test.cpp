// Values found by their column: CSV/TSV/pipe tables under a header line and
// SQL INSERT tuples under a column list.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "recognizer_test_support.h"

namespace hearth::privacy::test {
namespace {

using Texts = std::vector<std::string>;

TEST(TabularValues, CsvRowsUnderANamedHeader) {
  const std::string csv =
      "member_id,name,birth_date,postcode,city\n"
      "5512,Odile Marchetti,1991-02-27,90210,Beverly Hills\n"
      "5513,\"Quist, Bertil\",12/30/1968,02139-4307,Cambridge\n";
  EXPECT_EQ(found_texts(csv, EntityType::date_of_birth), (Texts{"1991-02-27", "12/30/1968"}));
  EXPECT_EQ(found_texts(csv, EntityType::postal_code), (Texts{"90210", "02139-4307"}));
}

TEST(TabularValues, TabsPipesAndDocumentColumns) {
  const std::string tsv =
      "name\tpassport_no\tdl_number\n"
      "Ilse Wendt\tC4XK92817\tW1234-5678-9012\n";
  EXPECT_EQ(found_texts(tsv, EntityType::passport_number), Texts{"C4XK92817"});
  EXPECT_EQ(found_texts(tsv, EntityType::drivers_license), Texts{"W1234-5678-9012"});
  const std::string markdown =
      "| user | dob | zip |\n"
      "|------|-----|-----|\n"
      "| tmoss | 04/05/1979 | 73301 |\n";
  EXPECT_EQ(found_texts(markdown, EntityType::date_of_birth), Texts{"04/05/1979"});
  EXPECT_EQ(found_texts(markdown, EntityType::postal_code), Texts{"73301"});
}

TEST(TabularValues, SqlInsertTuples) {
  const std::string sql =
      "INSERT INTO staff.people (`name`, `dob`, `zip_code`, `password`)\n"
      "VALUES ('Aurelio Banks', '1972-08-14', '60614', 'Rook!e2019'),\n"
      "       ('Petra Lindgren', NULL, '98109', '$2b$12$abcdefghijklmnopqrstuv');";
  EXPECT_EQ(found_texts(sql, EntityType::date_of_birth), Texts{"1972-08-14"});
  EXPECT_EQ(found_texts(sql, EntityType::postal_code), (Texts{"60614", "98109"}));
  // A bcrypt hash in the password column is not a password.
  EXPECT_EQ(found_texts(sql, EntityType::password), Texts{"Rook!e2019"});
}

TEST(TabularValues, CellsThatDoNotFitTheColumnAreLeftAlone) {
  const std::string csv =
      "id,zip,dob\n"
      "1,archive.zip,unknown\n"
      "2,n/a,2024-13-45\n";
  EXPECT_TRUE(found_texts(csv, EntityType::postal_code).empty());
  EXPECT_TRUE(found_texts(csv, EntityType::date_of_birth).empty());
}

TEST(TabularValues, FunctionParametersAndProseAreNotHeaders) {
  for (const char* text : {"def connect(user, password):\n    return login(user, password)\n",
                           "select name, dob from people where id = 4;\n",
                           "Forgot your password, then?\nReset it at 2024-03-01.\n",
                           "INSERT INTO audit (event, zip) SELECT event, zip FROM staging;\n"}) {
    EXPECT_TRUE(found_texts(text, EntityType::password).empty()) << text;
    EXPECT_TRUE(found_texts(text, EntityType::date_of_birth).empty()) << text;
    EXPECT_TRUE(found_texts(text, EntityType::postal_code).empty()) << text;
  }
}

}  // namespace
}  // namespace hearth::privacy::test
