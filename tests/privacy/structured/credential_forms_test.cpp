// Passwords and secrets given without a "password =" in front of them:
// command-line flags, call arguments, user/password pairs in messages,
// curl's -u, and the sample keys providers publish.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "recognizer_test_support.h"

namespace hearth::privacy::test {
namespace {

using Texts = std::vector<std::string>;

TEST(CredentialForms, CommandLineFlags) {
  struct Case {
    const char* text;
    const char* value;
  };
  for (const Case& c : {
           Case{"mysql -h 10.2.0.7 -u deploy -pV4ult-Door9 inventory", "V4ult-Door9"},
           Case{"mysqldump -uroot -p'Qx!7 mar' shop > shop.sql", "Qx!7 mar"},
           Case{"sshpass -p 'Gl4cier#run' ssh ops@bastion", "Gl4cier#run"},
           Case{"docker login -u ci-bot -p Harb0rLight77 registry.local", "Harb0rLight77"},
           Case{"mongosh --host db1 -u admin -p Wq9zTe41 --authenticationDatabase admin",
                "Wq9zTe41"},
           Case{"sqlcmd -S sql01 -U sa -P Tundra#2231 -Q \"select 1\"", "Tundra#2231"},
           Case{"ldapsearch -x -D cn=admin,dc=corp -w B1rchBark! -b dc=corp", "B1rchBark!"},
           Case{"zip -r -P Orch1d!77 backup.zip ./reports", "Orch1d!77"},
           Case{"xfreerdp /v:10.9.8.7 /u:helpdesk /p:Maple-Syrup42", "Maple-Syrup42"},
           Case{"net use Z: \\\\fs01\\share /user:CORP\\jlee Kettle9drum /persistent:no",
                "Kettle9drum"},
           Case{"rabbitmqctl add_user orders Quokka5trail", "Quokka5trail"},
           Case{"htpasswd -bc /etc/nginx/.htpasswd editor Lantern4moss", "Lantern4moss"},
           Case{"openssl pkcs12 -export -in c.pem -out c.p12 -passout pass:Fjord-Mint3",
                "Fjord-Mint3"},
           Case{"keytool -importcert -keystore app.jks -storepass Cobalt88tide -file ca.crt",
                "Cobalt88tide"},
           Case{"7z a -pAmber7wolf secrets.7z notes/", "Amber7wolf"},
       }) {
    EXPECT_EQ(found_texts(c.text, EntityType::password), Texts{c.value}) << c.text;
  }
}

TEST(CredentialForms, FlagsWithoutAPasswordValue) {
  for (const char* text : {"mysql -u root -p shop", "mysql -u root -p$MYSQL_ROOT_PASSWORD shop",
                           "sshpass -p \"$SSHPASS\" ssh host", "docker login -p ${CI_TOKEN} reg",
                           "zip -P <password> out.zip in", "net use Z: \\\\fs\\s /user:bob *",
                           "keytool -list -storepass changeit", "mysql -P 3306 -h db"})
    EXPECT_TRUE(found_texts(text, EntityType::password).empty()) << text;
}

TEST(CredentialForms, CallArguments) {
  EXPECT_EQ(found_texts(R"($db = new mysqli("db.internal", "shop_rw", "Pelic4n!Bay", "shop");)",
                        EntityType::password),
            Texts{"Pelic4n!Bay"});
  EXPECT_EQ(found_texts(R"(conn = DriverManager.getConnection(url, "report", "Ledger#2290");)",
                        EntityType::password),
            Texts{"Ledger#2290"});
  EXPECT_EQ(found_texts(R"(ftp.login("backup", "Walnut7Creek"))", EntityType::password),
            Texts{"Walnut7Creek"});
  EXPECT_EQ(
      found_texts(R"(r = requests.get(u, auth=("api", "Sp4rrow-Nest")))", EntityType::password),
      Texts{"Sp4rrow-Nest"});
  EXPECT_EQ(
      found_texts(R"(new NetworkCredential("svc_print", "Gr@vel2Road"))", EntityType::password),
      Texts{"Gr@vel2Road"});
  const std::string aws =
      "creds := credentials.NewStaticCredentialsProvider(\n"
      "    \"ASIAQ7ZT3LMW5KRNB2XE\", \"h7Tq2+Lw9pXzR4vN8mK1sB6yC3dF0gJ5aE/uWoiP\",\n"
      "    \"FwoGZXIvYXdzEBYaDH7x9Qm2Lr5Tv8Wn3KyJ4pZs6Rb1Xc0Nq+Ue/Ao7HgIh\")";
  EXPECT_EQ(found_texts(aws, EntityType::secret),
            (Texts{"h7Tq2+Lw9pXzR4vN8mK1sB6yC3dF0gJ5aE/uWoiP",
                   "FwoGZXIvYXdzEBYaDH7x9Qm2Lr5Tv8Wn3KyJ4pZs6Rb1Xc0Nq+Ue/Ao7HgIh"}));
}

TEST(CredentialForms, CallsWithVariablesOrPlaceholders) {
  for (const char* text :
       {"$db = new mysqli($host, $user, $pass, $name);", "client.login(username, password)",
        "session.auth = (user, os.environ['API_PASS'])",
        R"(new mysqli("localhost", "root", "", "test"))", R"(ftp.login("anonymous", "<password>"))",
        R"(mysqli_connect("db", "app", getenv("DB_PASS")))"})
    EXPECT_TRUE(found_texts(text, EntityType::password).empty()) << text;
}

TEST(CredentialForms, UserPasswordPairsInMessages) {
  EXPECT_EQ(found_texts("login for the NAS: storage / Dune-Cat88", EntityType::password),
            Texts{"Dune-Cat88"});
  EXPECT_EQ(found_texts("guest wifi creds are visitor:Sunfl0wer!", EntityType::password),
            Texts{"Sunfl0wer!"});
  EXPECT_EQ(found_texts("staging creds: `qa_bot` / `Tr4mLine55`.", EntityType::password),
            Texts{"Tr4mLine55"});
  EXPECT_EQ(
      found_texts("curl -s -u deploy:Brass9Kettle https://ci.local/api", EntityType::password),
      Texts{"Brass9Kettle"});
}

TEST(CredentialForms, LoginProseIsNotAPair) {
  for (const char* text :
       {"login at 10:30am tomorrow", "the login / logout flow is broken",
        "credentials in config:prod are rotated", "login: bob",
        "Login failed for user 'sa' / state 8", "creds: see vault/prod-db for the password",
        "curl -u $CI_USER:$CI_TOKEN https://ci.local", "curl -u admin https://ci.local"})
    EXPECT_TRUE(found_texts(text, EntityType::password).empty()) << text;
}

TEST(CredentialForms, SentencesConfigEntriesAndSqlRoles) {
  struct Case {
    const char* text;
    const char* value;
  };
  for (const Case& c : {
           Case{"fyi the password for the lab router is Heron!Pond3 until Monday", "Heron!Pond3"},
           Case{"pw for the shared mailbox was Juniper-77.", "Juniper-77"},
           Case{R"(<add key="ReportingDbPassword" value="Cr4ne#Lake" />)", "Cr4ne#Lake"},
           Case{"ENV POSTGRES_PASSWORD Mossy0ak9\nENV POSTGRES_DB shop", "Mossy0ak9"},
           Case{"CREATE ROLE reporter LOGIN PASSWORD 'Gannet5Cliff';", "Gannet5Cliff"},
       }) {
    EXPECT_EQ(found_texts(c.text, EntityType::password), Texts{c.value}) << c.text;
  }
  EXPECT_EQ(
      found_texts("the API key is 7fK2mQ9xLp4RzT8vWc3N, rotate it Friday", EntityType::secret),
      Texts{"7fK2mQ9xLp4RzT8vWc3N"});
  EXPECT_EQ(found_texts("Authorization: Token 9b1e4c7a2f8d3e6b5a0c9d8e7f6a5b4c3d2e1f0a",
                        EntityType::secret),
            Texts{"9b1e4c7a2f8d3e6b5a0c9d8e7f6a5b4c3d2e1f0a"});
}

TEST(CredentialForms, SentencesThatOnlyMentionOne) {
  for (const char* text :
       {"the password for the wifi is on the fridge",
        "the password for it is long and the id is 42", "password for staging is the same as prod",
        R"(<add key="PasswordPolicy" value="strict" />)",
        "ENV POSTGRES_PASSWORD_FILE /run/secrets/db", "the API key is in 1Password",
        "the token is expired, log in again"}) {
    EXPECT_TRUE(found_texts(text, EntityType::password).empty()) << text;
    EXPECT_TRUE(found_texts(text, EntityType::secret).empty()) << text;
  }
}

TEST(CredentialForms, PublishedSampleKeysAreNotReported) {
  EXPECT_TRUE(found_texts("Stripe's docs use sk_test_4eC39HqLyjWDarjtT1zdp7dc for examples",
                          EntityType::api_key)
                  .empty());
}

}  // namespace
}  // namespace hearth::privacy::test
