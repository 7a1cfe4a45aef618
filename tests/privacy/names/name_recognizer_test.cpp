// The built-in recognizer on hand-written text that no template produced:
// people, organizations, places and addresses with the labeling guide's
// exact spans, negatives, hostile input and concurrent use.
#include "name_recognizer.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace hearth::privacy {
namespace {

struct Found {
  EntityType type;
  std::string text;
  bool operator==(const Found&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Found& f) {
  return os << entity_type_name(f.type) << ":" << f.text;
}

std::vector<Found> find(std::string_view text) {
  Detections detections;
  NameRecognizer::builtin().find(text, detections);
  std::vector<Found> found;
  for (const Detection& d : detections) {
    found.push_back({d.type, std::string(text.substr(d.begin, d.end - d.begin))});
  }
  return found;
}

constexpr EntityType kPerson = EntityType::person;
constexpr EntityType kOrg = EntityType::organization;
constexpr EntityType kPlace = EntityType::location;
constexpr EntityType kAddress = EntityType::street_address;

TEST(NameRecognizer, PeopleWithoutTitlesOrPossessives) {
  EXPECT_EQ(find("Yesterday I had coffee with Priya Raman and her brother Tomasz."),
            (std::vector<Found>{{kPerson, "Priya Raman"}, {kPerson, "Tomasz"}}));
  EXPECT_EQ(find("Mr. Okafor's flight to Nairobi was cancelled."),
            (std::vector<Found>{{kPerson, "Okafor"}, {kPlace, "Nairobi"}}));
  EXPECT_EQ(find("Dr. J. R. Ortiz will see you at Mercy General Hospital."),
            (std::vector<Found>{{kPerson, "J. R. Ortiz"}, {kOrg, "Mercy General Hospital"}}));
}

TEST(NameRecognizer, AccentedNamesAndLegalSuffixes) {
  EXPECT_EQ(
      find("Contact Zoë Müller at Siemens AG in Munich."),
      (std::vector<Found>{{kPerson, "Zoë Müller"}, {kOrg, "Siemens AG"}, {kPlace, "Munich"}}));
  EXPECT_EQ(find("The invoice from Acme Robotics Inc. is overdue."),
            (std::vector<Found>{{kOrg, "Acme Robotics Inc."}}));
}

TEST(NameRecognizer, EachPlaceIsItsOwnSpan) {
  EXPECT_EQ(find("She relocated from Lyon, France to Toronto last spring."),
            (std::vector<Found>{{kPlace, "Lyon"}, {kPlace, "France"}, {kPlace, "Toronto"}}));
}

TEST(NameRecognizer, AddressesStopBeforeTheCity) {
  EXPECT_EQ(
      find("Please send the documents to 1450 Larkspur Avenue, Apt 3B, Springfield, IL 62704."),
      (std::vector<Found>{
          {kAddress, "1450 Larkspur Avenue, Apt 3B"}, {kPlace, "Springfield"}, {kPlace, "IL"}}));
  EXPECT_EQ(find("Ms. Nguyen lives at 77 Elm St. in Portland, Oregon."),
            (std::vector<Found>{{kPerson, "Nguyen"},
                                {kAddress, "77 Elm St."},
                                {kPlace, "Portland"},
                                {kPlace, "Oregon"}}));
  EXPECT_EQ(find("Our Berlin team works out of Hauptstraße 5."),
            (std::vector<Found>{{kPlace, "Berlin"}, {kAddress, "Hauptstraße 5"}}));
}

TEST(NameRecognizer, SignatureBlock) {
  EXPECT_EQ(find("Northwind Traders LLC\n88 Harbor Blvd, Suite 210\nSan Diego, CA 92101"),
            (std::vector<Found>{{kOrg, "Northwind Traders LLC"},
                                {kAddress, "88 Harbor Blvd, Suite 210"},
                                {kPlace, "San Diego"},
                                {kPlace, "CA"}}));
}

TEST(NameRecognizer, CapitalizedCommonWordsAreNotNames) {
  EXPECT_TRUE(find("I think we should ship the new release on Monday.").empty());
  EXPECT_TRUE(find("Will you bring the poster to the Summer party?").empty());
  EXPECT_TRUE(find("The Python SDK and the Docker image are both on GitHub.").empty());
  EXPECT_TRUE(find("ERROR 2024-03-11 14:22:07 connection reset by peer").empty());
  EXPECT_TRUE(find("for (int i = 0; i < n; ++i) total += values[i];").empty());
}

TEST(NameRecognizer, ReportsByteOffsetsAndConfidence) {
  const std::string text = "Hi Siobhan!";
  Detections detections;
  NameRecognizer::builtin().find(text, detections);
  ASSERT_EQ(detections.size(), 1u);
  EXPECT_EQ(detections[0].begin, 3u);
  EXPECT_EQ(detections[0].end, 10u);
  EXPECT_GT(detections[0].confidence, 0.5f);
  EXPECT_LE(detections[0].confidence, 1.0f);
  EXPECT_EQ(detections[0].recognizer, "names");
}

TEST(NameRecognizer, AppendsWithoutClearing) {
  Detections detections(1);
  NameRecognizer::builtin().find("Hi Siobhan!", detections);
  EXPECT_EQ(detections.size(), 2u);
}

TEST(NameRecognizer, AcceptsAnyBytes) {
  for (const std::string& text :
       {std::string(), std::string("\xff\xfe\xc3"), std::string("Ana\0Lee Smith", 13),
        std::string("\xc3\x28 Priya \xe2\x82 Raman"), std::string(100000, '.'),
        std::string(100000, 'A'), std::string(50000, '\n')}) {
    Detections detections;
    NameRecognizer::builtin().find(text, detections);
    for (const Detection& d : detections) {
      EXPECT_LT(d.begin, d.end);
      EXPECT_LE(d.end, text.size());
    }
  }
}

TEST(NameRecognizer, HandlesFiveMegabytes) {
  std::string text;
  while (text.size() < (5u << 20)) {
    text += "Priya Raman met Kwame Mensah at 12 Oak Street in Accra. ";
    text += std::string("\xff x ") + std::string(300, 'q') + "\n";
  }
  Detections detections;
  NameRecognizer::builtin().find(text, detections);
  EXPECT_GT(detections.size(), 10000u);
  for (std::size_t i = 1; i < detections.size(); ++i) {
    EXPECT_LE(detections[i - 1].end, detections[i].begin);
  }
}

TEST(NameRecognizer, ThreadsSeeTheSingleThreadedResults) {
  const std::vector<std::string> texts = {
      "Contact Zoë Müller at Siemens AG in Munich.",
      "Please send the documents to 1450 Larkspur Avenue, Apt 3B, Springfield, IL 62704.",
      "Hey Siobhan, can you forward this to Kwame Mensah at Baobab Capital?"};
  std::vector<std::vector<Found>> expected;
  for (const std::string& text : texts) expected.push_back(find(text));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (std::size_t i = 0; i < texts.size(); ++i) {
          if (find(texts[i]) != expected[i]) ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace hearth::privacy
