#include "candidate_validation.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "api_key_formats.h"
#include "assignment_recognizers.h"
#include "candidate_patterns.h"
#include "keyword_recognizers.h"
#include "network_recognizers.h"
#include "number_recognizers.h"
#include "positional_credentials.h"
#include "postal_code_recognizers.h"
#include "tabular_values.h"
#include "web_address_recognizers.h"

namespace hearth::privacy::structured {

CandidateValidation::CandidateValidation(const PhoneRecognizer& phones, std::string_view text)
    : phones_(phones), text_(text) {}

void CandidateValidation::validate(std::span<const Candidate> candidates) {
  for (const Candidate& candidate : candidates) {
    // A table's header and a call's argument list hold several values each.
    switch (candidate_patterns()[candidate.pattern].kind) {
      case CandidateKind::column_header:
        find_column_values(text_, candidate.end, found_);
        continue;
      case CandidateKind::credential_call:
        find_call_credentials(text_, candidate.end, found_);
        continue;
      default:
        break;
    }
    if (auto detection = confirm(candidate)) found_.push_back(std::move(*detection));
  }
}

std::optional<Detection> CandidateValidation::confirm(const Candidate& candidate) {
  const CandidatePattern& pattern = candidate_patterns()[candidate.pattern];
  const std::size_t begin = candidate.begin, end = candidate.end;
  // Remembers how far a grown value reached, whether or not it was confirmed,
  // so the anchors inside it are not grown again.
  auto grown = [](std::size_t& examined_end, std::optional<Detection> detection,
                  std::size_t fallback_end) {
    examined_end = detection ? detection->end : fallback_end;
    return detection;
  };
  switch (pattern.kind) {
    case CandidateKind::email:
      return confirm_email(text_, end);
    case CandidateKind::phone: {
      const std::size_t phone_begin = PhoneRecognizer::start_before(text_, end);
      if (phone_begin == std::string_view::npos) return std::nullopt;
      if (phone_begin == pending_phone_begin_) {
        pending_phone_end_ = end;
        return std::nullopt;
      }
      auto previous = take_pending_phone();
      pending_phone_begin_ = phone_begin;
      pending_phone_end_ = end;
      return previous;
    }
    case CandidateKind::credit_card:
      return confirm_credit_card(text_, begin, end);
    case CandidateKind::iban:
      return confirm_iban(text_, begin, end);
    case CandidateKind::ssn_separated:
      return confirm_ssn(text_, begin, end, false);
    case CandidateKind::digit_run:
      return confirm_digit_run(text_, end);
    case CandidateKind::ipv4:
      return confirm_ipv4(text_, begin, end);
    case CandidateKind::ipv6:
      if (end <= ipv6_examined_end_) return std::nullopt;
      return confirm_ipv6(text_, end, ipv6_examined_end_);
    case CandidateKind::mac_address:
      return confirm_mac_address(text_, begin, end);
    case CandidateKind::url:
      if (begin < url_examined_end_) return std::nullopt;
      return confirm_url(text_, begin, url_examined_end_);
    case CandidateKind::birth_date_keyword:
      return confirm_birth_date(text_, end);
    case CandidateKind::zip_after_state:
      return confirm_zip_after_state(text_, end);
    case CandidateKind::zip_after_state_name:
      return confirm_zip_after_state_name(text_, end);
    case CandidateKind::australian_postcode:
      return confirm_australian_postcode(text_, end);
    case CandidateKind::postal_code_keyword:
      return confirm_postal_code_after_keyword(text_, end);
    case CandidateKind::postal_code_before_city:
      return confirm_postal_code_before_city(text_, end);
    case CandidateKind::postal_code_after_city:
      return confirm_postal_code_after_city(text_, end);
    case CandidateKind::uk_postcode:
      // Eight bytes with the space after the third: an Eircode ("D02 X285");
      // a UK postcode of that length has it after the fourth ("SW1A 1AA").
      if (end - begin == 8 && text_[begin + 3] == ' ') return confirm_eircode(text_, begin, end);
      return confirm_uk_postcode(text_, begin, end);
    case CandidateKind::canadian_postcode:
      return confirm_canadian_postcode(text_, begin, end);
    case CandidateKind::passport_keyword:
      return confirm_passport_number(text_, end);
    case CandidateKind::drivers_license_keyword:
      return confirm_drivers_license_number(text_, end);
    case CandidateKind::license_keyword:
      return confirm_bare_license_number(text_, end);
    case CandidateKind::private_key_begin:
      if (begin < private_key_examined_end_) return std::nullopt;
      return grown(private_key_examined_end_,
                   confirm_private_key(text_, begin, end, pem_end_markers_), end);
    case CandidateKind::jwt:
      if (begin < jwt_examined_end_) return std::nullopt;
      return grown(jwt_examined_end_, confirm_jwt(text_, begin), end);
    case CandidateKind::api_key:
      return confirm_api_key(text_, begin, end, api_key_formats()[pattern.api_key_format]);
    case CandidateKind::password_assignment:
      return confirm_password_assignment(text_, end);
    case CandidateKind::password_flag:
      return confirm_password_flag(text_, end);
    case CandidateKind::password_attached_flag:
      return confirm_password_attached_flag(text_, end);
    case CandidateKind::password_sentence:
      return confirm_password_sentence(text_, end);
    case CandidateKind::password_element:
      return confirm_password_element(text_, end);
    case CandidateKind::sql_identified_by:
      return confirm_sql_password(text_, end);
    case CandidateKind::password_quoted:
      return confirm_quoted_password(text_, end - 1);
    case CandidateKind::secret_setting:
      return confirm_secret_setting(text_, end);
    case CandidateKind::url_password:
      return confirm_url_password(text_, end);
    case CandidateKind::pgpass_line:
      return confirm_pgpass_password(text_, end);
    case CandidateKind::secret_sentence:
      return confirm_secret_sentence(text_, end);
    case CandidateKind::secret_assignment:
      return confirm_secret_assignment(text_, end);
    case CandidateKind::php_constant:
      return confirm_php_constant(text_, end);
    case CandidateKind::bearer_token:
      return confirm_bearer_token(text_, end);
    case CandidateKind::basic_credentials:
      return confirm_basic_credentials(text_, end);
    case CandidateKind::credential_phrase:
      return confirm_credential_pair(text_, end);
    case CandidateKind::user_colon_password:
      return confirm_user_colon_password(text_, end);
    case CandidateKind::column_header:
    case CandidateKind::credential_call:
      break;  // handled in validate(): they yield several values
  }
  return std::nullopt;
}

std::optional<Detection> CandidateValidation::take_pending_phone() {
  if (pending_phone_begin_ == std::string_view::npos) return std::nullopt;
  const std::size_t begin = std::exchange(pending_phone_begin_, std::string_view::npos);
  return phones_.confirm(text_, begin, pending_phone_end_);
}

namespace {

bool more_specific_credential(EntityType type) {
  return type == EntityType::api_key || type == EntityType::jwt ||
         type == EntityType::private_key || type == EntityType::password;
}

}  // namespace

void CandidateValidation::finish(Detections& out) {
  if (auto phone = take_pending_phone()) found_.push_back(std::move(*phone));
  auto by_span = [](const Detection& a, const Detection& b) {
    return std::tuple(a.begin, a.end, a.type, b.confidence) <
           std::tuple(b.begin, b.end, b.type, a.confidence);
  };
  std::sort(found_.begin(), found_.end(), by_span);
  // The most confident of each (span, type) comes first; drop the rest.
  found_.erase(std::unique(found_.begin(), found_.end(),
                           [](const Detection& a, const Detection& b) {
                             return a.begin == b.begin && a.end == b.end && a.type == b.type;
                           }),
               found_.end());

  // A nine-digit passport or licence number read after its keyword is not
  // also an SSN found by the "SSN" on the line above.
  // Same-span detections sit together, ordered by type (us_ssn first).
  std::vector<bool> shadowed_ssn(found_.size(), false);
  for (std::size_t i = 0; i + 1 < found_.size(); ++i)
    for (std::size_t j = i + 1;
         j < found_.size() && found_[j].begin == found_[i].begin && found_[j].end == found_[i].end;
         ++j)
      shadowed_ssn[i] = shadowed_ssn[i] || (found_[i].type == EntityType::us_ssn &&
                                            (found_[j].type == EntityType::passport_number ||
                                             found_[j].type == EntityType::drivers_license));
  std::size_t kept = 0;
  for (std::size_t i = 0; i < found_.size(); ++i)
    if (!shadowed_ssn[i]) {
      if (kept != i) found_[kept] = std::move(found_[i]);
      ++kept;
    }
  found_.resize(kept);

  // Credentials sorted by start; each SECRET looks for an overlapping one.
  std::vector<std::pair<std::size_t, std::size_t>> credentials;
  for (const Detection& d : found_)
    if (more_specific_credential(d.type)) credentials.emplace_back(d.begin, d.end);
  std::size_t longest_end = 0;
  std::vector<std::size_t> prefix_max_end;
  prefix_max_end.reserve(credentials.size());
  for (const auto& [b, e] : credentials)
    prefix_max_end.push_back(longest_end = std::max(longest_end, e));
  auto overlaps_credential = [&](const Detection& d) {
    // Credentials starting before d.end: the last of them reaching past d.begin overlaps.
    const auto after =
        std::lower_bound(credentials.begin(), credentials.end(), std::pair(d.end, std::size_t{0}));
    const auto count = static_cast<std::size_t>(after - credentials.begin());
    return count > 0 && prefix_max_end[count - 1] > d.begin;
  };
  for (Detection& d : found_) {
    if (d.type == EntityType::secret && overlaps_credential(d)) continue;
    out.push_back(std::move(d));
  }
  found_.clear();
}

}  // namespace hearth::privacy::structured
