// Passwords and secrets in the many syntaxes configs and code assign them
// in: column-aligned keys, values wrapped in an object or a conversion call,
// XML settings, PHP and Ruby lookups, '&' inside a value, quoted values
// after the bare word; and the references, templates and settings around
// them that hold no secret.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "recognizer_test_support.h"

namespace hearth::privacy::test {
namespace {

using Texts = std::vector<std::string>;

struct Case {
  const char* text;
  const char* value;
};

TEST(AssignmentSyntax, PasswordsInConfigAndCode) {
  for (const Case& c : {
           Case{"resource \"aws_rds_cluster\" \"x\" {\n  master_password     = \"Gq7%Lw2Zn5Tx\"\n}",
                "Gq7%Lw2Zn5Tx"},
           Case{"{\"smtp\": {\"password\": {\"value\": \"Bz4!Kt8Qm2Wr\", \"secure\": true}}}",
                "Bz4!Kt8Qm2Wr"},
           Case{"Host=pg1;Username=ledger;Password=Wt5&Hq9Lz3Xp;Pooling=true", "Wt5&Hq9Lz3Xp"},
           Case{"$settings['smtp_password'] = 'Rn2#Vx7Kq4Lz';", "Rn2#Vx7Kq4Lz"},
           Case{"ENV['REDIS_PASSWORD'] ||= 'Jp8@Wz3Lk6Qv'", "Jp8@Wz3Lk6Qv"},
           Case{"<property name=\"hibernate.connection.password\">Mx3$Tq8Wz2Lk</property>",
                "Mx3$Tq8Wz2Lk"},
           Case{"audit: rejected password \"Harbor#Lights9\" for user ops", "Harbor#Lights9"},
           Case{"amqp_url = \"amqps://orders:Vq2Lm8Kz5Xt@mq.internal.corp:5671/prod\"",
                "Vq2Lm8Kz5Xt"},
       })
    EXPECT_EQ(found_texts(c.text, EntityType::password), Texts{c.value}) << c.text;
}

TEST(AssignmentSyntax, SecretsInConfigAndCode) {
  for (const Case& c : {
           Case{"  signing_secret      = \"Lp3Xz8Qw2Kv7Nt9Rm4Yb6Sd\"", "Lp3Xz8Qw2Kv7Nt9Rm4Yb6Sd"},
           Case{"<add key=\"OAuthClientSecret\" value=\"Hz6Kq2Wx9Lt4Vn8Rp3Ym7Sb\" />",
                "Hz6Kq2Wx9Lt4Vn8Rp3Ym7Sb"},
           Case{"const sessionKey = Buffer.from('Tq8Wn3Lx7Kz2Vp9Rm4Yb6Sc', 'utf8')",
                "Tq8Wn3Lx7Kz2Vp9Rm4Yb6Sc"},
           Case{"hmacSecret := []byte(\"Zx5Kv9Lq2Wt7Nm3Rp8Yb4Sd\")", "Zx5Kv9Lq2Wt7Nm3Rp8Yb4Sd"},
           Case{"Rotated the deploy token to Wk7Lq3Zx9Vn2Tp8Rm5Yb1Sc after the leak",
                "Wk7Lq3Zx9Vn2Tp8Rm5Yb1Sc"},
       })
    EXPECT_EQ(found_texts(c.text, EntityType::secret), Texts{c.value}) << c.text;
}

TEST(AssignmentSyntax, RejectsReferencesTemplatesAndSettings) {
  for (const char* text : {
           "db_password = os.getenv(\"DB_PASSWORD\")",
           "password     = var.admin_password",
           "client_secret = Secret(\"{{ vault_client_secret }}\")",
           "{\"password\": {\"minLength\": 14, \"requireDigit\": true}}",
           "api_token = \"${API_TOKEN}\"",
           "Send the token to the support team and we will reset it",
           "password must be at least 12 characters long",
           "Type the password \"slowly\" and press enter",
           "<add key=\"TokenLifetime\" value=\"3600\" />",
           "url = \"https://shop.example.net/cart?password=&user=guest\"",
       }) {
    EXPECT_TRUE(found_texts(text, EntityType::password).empty()) << text;
    EXPECT_TRUE(found_texts(text, EntityType::secret).empty()) << text;
  }
}

TEST(AssignmentSyntax, AmpersandEndsAQueryParameterNotAPassword) {
  EXPECT_EQ(
      found_texts("jdbc:mysql://db/crm?user=crm&password=Lk7Vq2Zx9&ssl=true", EntityType::password),
      Texts{"Lk7Vq2Zx9"});
  EXPECT_EQ(found_texts("<a href=\"/login?pass=Qw8Zt3Lm&amp;next=home\">", EntityType::password),
            Texts{"Qw8Zt3Lm"});
  EXPECT_EQ(found_texts("export DB_PASSWORD=Kp4Wx9Lz && ./migrate", EntityType::password),
            Texts{"Kp4Wx9Lz"});
}

}  // namespace
}  // namespace hearth::privacy::test
