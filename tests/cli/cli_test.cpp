// The contract scripts rely on: --help and --version everywhere, exit code 0
// for success, 1 for a runtime failure, 2 for a usage error.
#include <gtest/gtest.h>

#include "hearth/version.h"
#include "run_hearth.h"

namespace hearth::testing {
namespace {

TEST(Cli, VersionPrintsTheProjectVersion) {
  const CommandResult result = run_hearth({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "hearth " + std::string(kVersion) + "\n");
}

TEST(Cli, HelpListsEverySubcommand) {
  const CommandResult result = run_hearth({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* name :
       {"inspect", "make-model", "tokenize", "template", "run", "chat", "bench"}) {
    EXPECT_NE(result.out.find(name), std::string::npos) << name;
  }
}

TEST(Cli, EverySubcommandHasHelp) {
  for (const char* name :
       {"inspect", "make-model", "tokenize", "template", "run", "chat", "bench"}) {
    const CommandResult result = run_hearth({name, "--help"});
    EXPECT_EQ(result.exit_code, 0) << name;
    EXPECT_NE(result.out.find("Usage"), std::string::npos) << name;
  }
}

TEST(Cli, NoSubcommandIsAUsageError) {
  const CommandResult result = run_hearth({});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_FALSE(result.err.empty());
}

TEST(Cli, UnknownSubcommandIsAUsageError) {
  EXPECT_EQ(run_hearth({"frobnicate"}).exit_code, 2);
}

TEST(Cli, UnknownOptionIsAUsageError) {
  EXPECT_EQ(run_hearth({"inspect", "--no-such-option", "x.gguf"}).exit_code, 2);
}

}  // namespace
}  // namespace hearth::testing
