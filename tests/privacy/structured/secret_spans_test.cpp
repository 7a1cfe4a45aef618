// Secret recognizers' spans per the labeling guide: PEM blocks whole, JWTs
// as their three parts, API keys by their documented shapes, passwords and
// secrets as the value only, without quotes.
#include <gtest/gtest.h>

#include <string>

#include "recognizer_test_support.h"

namespace hearth::privacy::test {
namespace {

const std::string kPemBody =
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
    "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n"
    "LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo\n"
    "9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvre\n";

TEST(PrivateKeySpans, FromBeginThroughTheClosingDashesOfEnd) {
  const std::string block =
      "-----BEGIN RSA PRIVATE KEY-----\n" + kPemBody + "-----END RSA PRIVATE KEY-----";
  const std::string text = "key.pem:\n" + block + "\nnext line";
  EXPECT_EQ(found_texts(text, EntityType::private_key), std::vector<std::string>{block});
  for (const char* label : {"EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
                            "PRIVATE KEY", "DSA PRIVATE KEY"}) {
    const std::string other =
        std::string("-----BEGIN ") + label + "-----\n" + kPemBody + "-----END " + label + "-----";
    EXPECT_EQ(found_texts(other, EntityType::private_key), std::vector<std::string>{other})
        << label;
  }
}

TEST(PrivateKeySpans, UnderstandsEscapedNewlinesInJson) {
  std::string escaped_body;
  for (char c : kPemBody) escaped_body += c == '\n' ? std::string("\\n") : std::string(1, c);
  const std::string block =
      "-----BEGIN PRIVATE KEY-----\\n" + escaped_body + "-----END PRIVATE KEY-----";
  const std::string json = R"({"type": "service_account", "private_key": ")" + block +
                           R"(\n", "client_email": "svc@orchardlane.iam.gserviceaccount.com"})";
  EXPECT_EQ(found_texts(json, EntityType::private_key), std::vector<std::string>{block});
  // The key is one PRIVATE_KEY, not also a SECRET assigned to "private_key".
  EXPECT_TRUE(found_texts(json, EntityType::secret).empty());
}

TEST(PrivateKeySpans, TruncatedBlockCoversItsBase64Lines) {
  const std::string text = "-----BEGIN RSA PRIVATE KEY-----\n" + kPemBody + "(truncated)";
  const auto found = found_texts(text, EntityType::private_key);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0],
            "-----BEGIN RSA PRIVATE KEY-----\n" + kPemBody.substr(0, kPemBody.size() - 1));
}

TEST(PrivateKeySpans, RejectsDocumentationSkeletons) {
  EXPECT_TRUE(found_texts("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
                          EntityType::private_key)
                  .empty());
}

const std::string kJwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzQ4MjEzIiwiZXhwIjoxNzY3MjI1NjAwfQ."
    "wQzcHCegKMqubJgQYmGY_3eHQPiN3PECrrgdruKJwEQ";

TEST(JwtSpans, TheThreePartsOnce) {
  EXPECT_EQ(found_texts("Authorization: Bearer " + kJwt + "\r\n", EntityType::jwt),
            std::vector<std::string>{kJwt});
  // The bearer token is the JWT, not also a SECRET.
  EXPECT_TRUE(found_texts("Authorization: Bearer " + kJwt, EntityType::secret).empty());
  EXPECT_EQ(found_texts("token=" + kJwt + ".", EntityType::jwt), std::vector<std::string>{kJwt});
}

TEST(JwtSpans, RejectsLookAlikesAndTheJwtIoExample) {
  EXPECT_TRUE(found_texts("eyJub3QiOiJqd3QifQ.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz", EntityType::jwt)
                  .empty());  // header without "alg"
  EXPECT_TRUE(
      found_texts("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6"
                  "IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_"
                  "adQssw5c",
                  EntityType::jwt)
          .empty());
}

TEST(ApiKeySpans, DocumentedPrefixesAndShapes) {
  const char* keys[] = {
      "AKIAVHS1K3AQ6L6GT6MJ",
      "ghp_oe5c3veGprQFnIiU74KKEpYEZAmggQBwBAD3",
      "glpat-UdRPPgdzUvZ3gpmmICiB",
      "xoxb-247317810801-3267736026064-7YYDsBS9UYJQTFjmsn9dLVId",
      "sk_live_VuddLEG62Hkd9Gf2leMeR3pz",
      "AIzapFfk1OHAOEHYqM6Ojb6mjBHqSiFVKu4MbMn",
      "sk-proj-rHontIKARAH_Ggl2JfaQqHu42bojteVs3qfNUfTAFnT0tEuw",
      "sk-ant-api03-"
      "0dwQ0FIunWe8Cz6SNDCdyZQJiJSZQdoHwHen3SO3oXyGf3azU3iQOpMN0PZLqy1WwMZaMKA3P744B8vk"
      "KQlENCzsdfF8jAA",
      "npm_DA4OKmTSyFzpjPSa5W3X4gXBolZ9SHDdJp62",
      "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",
      "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",
      "dop_v1_73931bdb2a0df3dbe4d58fed8a728e7eca0fa5f6b8a880627df7ffe0297c79bf",
      "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",
      "key-8v60iuuslb3gu74pv4399j5f7zqexoss",
      "pypi-AgEIcHlwaS5vcmcM2NhmABHkuEwjua058LeDKK6jDHz2oCtIsjhvNK4p7MZI-4kf3PGdlDcIfw84Jx3_l8S0Q",
  };
  for (const char* key : keys) {
    const std::string text = std::string("export SOME_VAR=\"") + key + "\" # set";
    EXPECT_EQ(found_texts(text, EntityType::api_key), std::vector<std::string>{key}) << key;
    EXPECT_TRUE(found_texts(text, EntityType::secret).empty()) << key;
  }
}

TEST(ApiKeySpans, TwilioSidsNeedTheirContext) {
  const std::string sid = "SK2f01b7210760474f36e8b5359309cc62";
  EXPECT_TRUE(reported("TWILIO_API_KEY_SID=" + sid, EntityType::api_key, sid));
  EXPECT_FALSE(reported("row " + sid + " updated", EntityType::api_key, sid));
}

TEST(ApiKeySpans, StripeTestKeysRankBelowLiveKeys) {
  const std::string live = "sk_live_VuddLEG62Hkd9Gf2leMeR3pz";
  const std::string test = "sk_test_VuddLEG62Hkd9Gf2leMeR3pz";
  const auto live_detection = detection_of(live, EntityType::api_key, live);
  const auto test_detection = detection_of(test, EntityType::api_key, test);
  ASSERT_TRUE(live_detection && test_detection);
  EXPECT_GT(live_detection->confidence, test_detection->confidence);
  EXPECT_GE(test_detection->confidence, 0.5f);
}

TEST(ApiKeySpans, RejectsWrongLengthsAndDocumentationKeys) {
  for (const char* text :
       {"AKIAIOSFODNN7EXAMPLE", "ghp_oe5c3veGprQFnIiU74KKEpYEZAmggQBwBAD3x",
        "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sk_live_0123456789abcdefghij",
        "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "token: <your-api-key>",
        "npm_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    EXPECT_TRUE(found_texts(text, EntityType::api_key).empty()) << text;
}

TEST(PasswordSpans, ValueOnlyWithoutQuotes) {
  struct Case {
    const char* text;
    const char* value;
  };
  for (const Case& c : {
           Case{"password=hunter2", "hunter2"},
           Case{"DB_PASSWORD=T7r!ckyPa55 ./run.sh", "T7r!ckyPa55"},
           Case{R"({"user": "svc", "password": "Gr8-Sc0tt!"})", "Gr8-Sc0tt!"},
           Case{"passwd: 'pa ss w0rd'", "pa ss w0rd"},
           Case{"spring.datasource.password = Zq9_lmn4", "Zq9_lmn4"},
           Case{"mysql --user=root --password=Sup3rS3cret db", "Sup3rS3cret"},
           Case{"psql --password R3dW1ne2 -h db", "R3dW1ne2"},
           Case{"Hi, my password is Tulip42.", "Tulip42"},
           Case{"the wifi password is 'orange juice 7'", "orange juice 7"},
           Case{"<password>Xk2!vP9q</password>", "Xk2!vP9q"},
           Case{"CREATE USER app IDENTIFIED BY 'Vw3!pLm8';", "Vw3!pLm8"},
           Case{"Server=db;User Id=app;Password=Kp7#qRt2;", "Kp7#qRt2"},
           Case{"login failed for user bob pwd=Wz4m2Qx", "Wz4m2Qx"},
           Case{"admin_password = Gr4fana-Ops-Main", "Gr4fana-Ops-Main"},
           Case{"MINIO_ROOT_PASSWORD: m1n10-R00t-pw", "m1n10-R00t-pw"},
           Case{"DATABASE_URL=postgresql://app:hQ4vT9wZ2sLk@10.1.2.3:5432/app", "hQ4vT9wZ2sLk"},
           Case{R"(redis.from_url("redis://:f3Gh8JqK2mNp@cache:6379/0"))", "f3Gh8JqK2mNp"},
           Case{"amqp://svc:Pa@ss-w0rd@mq.internal/vhost", "Pa@ss-w0rd"},
           Case{"ALTER ROLE app WITH PASSWORD 'R0tated-Mar';", "R0tated-Mar"},
           Case{"machine ftp.example.org\n  login backup\n  password Bw-Backup-0312",
                "Bw-Backup-0312"},
           Case{"db.internal:5432:*:replicator:repl1c8-Zz41qP\n", "repl1c8-Zz41qP"},
           Case{"redis-cli -h 10.0.0.5 -a Xy7kLm2Pq INFO", "Xy7kLm2Pq"},
           Case{"he set the new password to Nile!Cairo2024 but", "Nile!Cairo2024"},
           Case{"define('DB_PASSWORD', 'Kx8#mPq2!rTz');", "Kx8#mPq2!rTz"},
       })
    EXPECT_EQ(found_texts(c.text, EntityType::password), std::vector<std::string>{c.value})
        << c.text;
}

TEST(PasswordSpans, RejectsPlaceholdersReferencesAndProse) {
  for (const char* text : {"password: ********",
                           "password=<password>",
                           "DB_PASSWORD=${DB_PASSWORD}",
                           "password: changeme",
                           "password = \"\"",
                           "password: null",
                           "password = os.environ[\"DB_PASSWORD\"]",
                           "password=self.password",
                           "password = get_password()",
                           "password: str",
                           "Password: incorrect",
                           "your password is incorrect",
                           "Forgot password? Click here",
                           "password_hash: $2b$12$abcdefghijklmnopqrstuv",
                           "compass: north",
                           "bypass=true",
                           "password: {{ vault_db_password }}",
                           "password:\nnext",
                           "constexpr int kMaxPassword = 128;",
                           "password_min_length: 12",
                           R"(words after "password:" or "password is")",
                           "a left-to-right pass: restored values",
                           "PWD=/home/mhollis ; USER=root",
                           "password_maxlen: 64",
                           "PASSWORD_HASHERS = [bcrypt]",
                           "https://user:Zq9mLp2x@example.com/path",
                           "the password to the admin panel is on the wiki",
                           "2024-03-01T10:23:45:app:main: started",
                           "10:32:44:12:33:warn",
                           "a4:52:3b:11:9d:0e is the router",
                           "fe80:1234:abcd:ef01:2:3 link-local",
                           "define('DB_PASSWORD', getenv('DB_PASSWORD'));",
                           "using Pass = std::span<const Alternative>;"})
    EXPECT_TRUE(found_texts(text, EntityType::password).empty()) << text;
}

TEST(SecretSpans, HighEntropyValuesNamedAsSecrets) {
  struct Case {
    const char* text;
    const char* value;
  };
  for (const Case& c : {
           Case{"aws_secret_access_key = VuaP/coUNEhEkk/iqq8vH2BzNZV45pFCiRcDCajh",
                "VuaP/coUNEhEkk/iqq8vH2BzNZV45pFCiRcDCajh"},
           Case{R"({"client_secret": "uQg2kvASFsQ8z0WJcDfuquhXz3G0aQ3I"})",
                "uQg2kvASFsQ8z0WJcDfuquhXz3G0aQ3I"},
           Case{"SESSION_TOKEN='uQg2kvASFsQ8z0WJcDfuquhXz3G0aQ3I'",
                "uQg2kvASFsQ8z0WJcDfuquhXz3G0aQ3I"},
           Case{"Authorization: Bearer uQg2kvASFsQ8z0WJcDfuquhXz3G0aQ3I",
                "uQg2kvASFsQ8z0WJcDfuquhXz3G0aQ3I"},
           Case{"X-Api-Key: uQg2kvASFsQ8z0WJcDfuquhXz3G0aQ3I", "uQg2kvASFsQ8z0WJcDfuquhXz3G0aQ3I"},
           Case{"Authorization: Basic c3ZjLWJhY2t1cDpUN3IhY2t5UGE1NQ==",
                "c3ZjLWJhY2t1cDpUN3IhY2t5UGE1NQ=="},
           Case{"twilio_auth_token: 5f8c2a91d03b47e6a2c4f1e9b7d05a3c",
                "5f8c2a91d03b47e6a2c4f1e9b7d05a3c"},
           Case{"cookie session_token=hbCK0zrdQfIWWG+R78tAXLRWi04yufzLv.",
                "hbCK0zrdQfIWWG+R78tAXLRWi04yufzLv"},
           Case{"user=ana groups=[admins] session=Ce2IrWPQzvOmsnCBAEZoJlievmWKiT",
                "Ce2IrWPQzvOmsnCBAEZoJlievmWKiT"},
           Case{
               "# DO NOT COMMIT\nsecret_key_base: 9a46cdcd4430a0235433005531ceab3daf47bdac2b75526b",
               "9a46cdcd4430a0235433005531ceab3daf47bdac2b75526b"},
           Case{"define('AUTH_KEY',  'k{9Bn$V_6%Qa|u>7z+Yw2@Lr]c(h1Mt^Ej5!Dp*8Xs&Go0#Fi');",
                "k{9Bn$V_6%Qa|u>7z+Yw2@Lr]c(h1Mt^Ej5!Dp*8Xs&Go0#Fi"},
           // Documented shapes that are client or signing secrets, not API keys.
           Case{"STRIPE_WEBHOOK_SECRET=whsec_Kf42Ftixe152aNBMJAalA2TJ9yxcT6XV",
                "whsec_Kf42Ftixe152aNBMJAalA2TJ9yxcT6XV"},
           Case{R"("ClientSecret": "yE88Q~N1jvPC.BP1LDd_1VEB~7enreHPe6mOP7NP")",
                "yE88Q~N1jvPC.BP1LDd_1VEB~7enreHPe6mOP7NP"},
       })
    EXPECT_EQ(found_texts(c.text, EntityType::secret), std::vector<std::string>{c.value}) << c.text;
}

TEST(SecretSpans, RejectsKeyIdsCodeAndCommitHashes) {
  for (const char* text :
       {"[user]\n\tsigningkey = 3AA5C34371567BD2", "session = shopify.Session(shop_url, version)",
        "session_id=Ce2IrWPQzvOmsnCBAEZoJlievmWKiT",
        "commit secret_sha: 9fceb02d0ae598e95dc970b74767f19372d61af8"})
    EXPECT_TRUE(found_texts(text, EntityType::secret).empty()) << text;
  EXPECT_TRUE(found_texts("STRIPE_WEBHOOK_SECRET=whsec_Kf42Ftixe152aNBMJAalA2TJ9yxcT6XV",
                          EntityType::api_key)
                  .empty());
}

}  // namespace
}  // namespace hearth::privacy::test
