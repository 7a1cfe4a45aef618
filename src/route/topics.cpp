#include "hearth/route/topics.h"

#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace hearth::route {
namespace {

enum Topic : unsigned char { kHealth, kFinance, kTopicCount };

constexpr std::array<std::string_view, kTopicCount> kTopicNames = {"health", "finance"};

// A topic is found when the distinct terms in a text weigh at least this
// much: two strong terms, or a strong one with two weak ones. A weak term
// ("hospital", "bank") is common in everyday text; a strong one ("biopsy",
// "mortgage") rarely appears outside its topic.
constexpr int kTopicThreshold = 4;
constexpr int kStrong = 2;
constexpr int kWeak = 1;

struct Term {
  std::string_view words;  // lower case; one or two words
  Topic topic;
  int weight;
};

constexpr Term kTerms[] = {
    // Health.
    {"diagnosis", kHealth, kStrong},
    {"diagnosed", kHealth, kStrong},
    {"prognosis", kHealth, kStrong},
    {"prescription", kHealth, kStrong},
    {"prescribed", kHealth, kStrong},
    {"medication", kHealth, kStrong},
    {"medications", kHealth, kStrong},
    {"chemotherapy", kHealth, kStrong},
    {"radiotherapy", kHealth, kStrong},
    {"oncology", kHealth, kStrong},
    {"oncologist", kHealth, kStrong},
    {"biopsy", kHealth, kStrong},
    {"tumor", kHealth, kStrong},
    {"tumour", kHealth, kStrong},
    {"cancer", kHealth, kStrong},
    {"hiv", kHealth, kStrong},
    {"aids", kHealth, kWeak},
    {"diabetes", kHealth, kStrong},
    {"insulin", kHealth, kStrong},
    {"asthma", kHealth, kStrong},
    {"epilepsy", kHealth, kStrong},
    {"dementia", kHealth, kStrong},
    {"alzheimer's", kHealth, kStrong},
    {"schizophrenia", kHealth, kStrong},
    {"bipolar", kHealth, kStrong},
    {"antidepressant", kHealth, kStrong},
    {"antidepressants", kHealth, kStrong},
    {"psychiatrist", kHealth, kStrong},
    {"psychiatric", kHealth, kStrong},
    {"therapist", kHealth, kWeak},
    {"pregnancy", kHealth, kStrong},
    {"pregnant", kHealth, kStrong},
    {"miscarriage", kHealth, kStrong},
    {"std", kHealth, kWeak},
    {"hepatitis", kHealth, kStrong},
    {"surgery", kHealth, kStrong},
    {"symptoms", kHealth, kStrong},
    {"symptom", kHealth, kStrong},
    {"dosage", kHealth, kStrong},
    {"mg", kHealth, kWeak},
    {"patient", kHealth, kWeak},
    {"patients", kHealth, kWeak},
    {"clinic", kHealth, kWeak},
    {"hospital", kHealth, kWeak},
    {"doctor", kHealth, kWeak},
    {"nurse", kHealth, kWeak},
    {"physician", kHealth, kWeak},
    {"treatment", kHealth, kWeak},
    {"therapy", kHealth, kWeak},
    {"disorder", kHealth, kWeak},
    {"illness", kHealth, kWeak},
    {"disease", kHealth, kWeak},
    {"depression", kHealth, kWeak},
    {"anxiety", kHealth, kWeak},
    {"allergy", kHealth, kWeak},
    {"mri", kHealth, kWeak},
    {"blood test", kHealth, kStrong},
    {"blood pressure", kHealth, kStrong},
    {"medical record", kHealth, kStrong},
    {"medical records", kHealth, kStrong},
    {"medical history", kHealth, kStrong},
    {"test results", kHealth, kWeak},
    {"mental health", kHealth, kStrong},
    {"side effects", kHealth, kStrong},
    // Finance.
    {"salary", kFinance, kStrong},
    {"salaries", kFinance, kStrong},
    {"payroll", kFinance, kStrong},
    {"mortgage", kFinance, kStrong},
    {"loan", kFinance, kWeak},
    {"loans", kFinance, kWeak},
    {"debt", kFinance, kWeak},
    {"bankruptcy", kFinance, kStrong},
    {"overdraft", kFinance, kStrong},
    {"bank", kFinance, kWeak},
    {"account", kFinance, kWeak},
    {"balance", kFinance, kWeak},
    {"invoice", kFinance, kWeak},
    {"revenue", kFinance, kWeak},
    {"earnings", kFinance, kWeak},
    {"income", kFinance, kWeak},
    {"tax", kFinance, kWeak},
    {"taxes", kFinance, kWeak},
    {"portfolio", kFinance, kWeak},
    {"investment", kFinance, kWeak},
    {"investments", kFinance, kWeak},
    {"dividend", kFinance, kStrong},
    {"dividends", kFinance, kStrong},
    {"brokerage", kFinance, kStrong},
    {"401k", kFinance, kStrong},
    {"credit score", kFinance, kStrong},
    {"credit report", kFinance, kStrong},
    {"tax return", kFinance, kStrong},
    {"bank account", kFinance, kStrong},
    {"account number", kFinance, kStrong},
    {"routing number", kFinance, kStrong},
    {"wire transfer", kFinance, kStrong},
    {"balance sheet", kFinance, kStrong},
    {"net worth", kFinance, kStrong},
    {"interest rate", kFinance, kWeak},
    {"credit card", kFinance, kStrong},
    {"quarterly results", kFinance, kStrong},
    {"cash flow", kFinance, kStrong},
};

class Lexicon {
 public:
  Lexicon() {
    for (const Term& term : kTerms) {
      terms_.emplace(term.words, &term);
      if (const std::size_t space = term.words.find(' '); space != std::string_view::npos) {
        first_words_.insert(term.words.substr(0, space));
      }
    }
  }
  const Term* find(std::string_view words) const {
    const auto found = terms_.find(words);
    return found == terms_.end() ? nullptr : found->second;
  }
  bool starts_a_pair(std::string_view word) const { return first_words_.contains(word); }

 private:
  std::unordered_map<std::string_view, const Term*> terms_;
  std::unordered_set<std::string_view> first_words_;
};

bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
}

}  // namespace

std::vector<std::string> detect_topics(std::string_view text) {
  static const Lexicon lexicon;
  std::array<int, kTopicCount> score{};
  std::unordered_set<const Term*> seen;
  const auto count = [&](const Term* term) {
    if (term != nullptr && seen.insert(term).second) score[term->topic] += term->weight;
  };

  std::string previous;
  std::string word;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!word_byte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    word.clear();
    while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) {
      const char c = text[i++];
      word.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    count(lexicon.find(word));
    if (!previous.empty()) count(lexicon.find(previous + ' ' + word));
    previous = lexicon.starts_a_pair(word) ? word : std::string();
  }

  std::vector<std::string> topics;
  for (std::size_t topic = 0; topic < kTopicCount; ++topic) {
    if (score[topic] >= kTopicThreshold) topics.emplace_back(kTopicNames[topic]);
  }
  return topics;
}

}  // namespace hearth::route
