// `hearth bench` on a tiny model: the shape of its report, never its figures.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hearth/tensor/kernel_level.h"
#include "run_hearth.h"
#include "test_models.h"

namespace hearth::testing {
namespace {

// One thread unless `extra` names others.
std::vector<std::string> bench_args(std::vector<std::string> extra) {
  std::vector<std::string> args = {"bench", "-m", tiny_qwen2_model().string()};
  if (std::find(extra.begin(), extra.end(), "-t") == extra.end()) {
    args.insert(args.end(), {"-t", "1"});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

CommandResult ok(const std::vector<std::string>& args) {
  CommandResult result = run_hearth(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result;
}

nlohmann::json bench_json(std::vector<std::string> extra) {
  extra.push_back("--json");
  return nlohmann::json::parse(ok(bench_args(std::move(extra))).out);
}

TEST(BenchCommand, PrintsAMarkdownTableWithBothTests) {
  const CommandResult result = ok(bench_args({"-p", "8", "-n", "4", "-r", "2"}));
  EXPECT_EQ(result.out.rfind("| model ", 0), 0u) << result.out;
  for (const char* text : {" size |", " params |", "| backend ", " threads |", " t/s |", " pp8 |",
                           " tg4 |", "| qwen2 all F32 ", "| CPU ", " ± "}) {
    EXPECT_NE(result.out.find(text), std::string::npos) << text << " in\n" << result.out;
  }
  // Header, separator, two rows.
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 4) << result.out;
}

TEST(BenchCommand, JsonHasEverySampleAndItsSummary) {
  const nlohmann::json json = bench_json({"-p", "8", "-n", "4", "-r", "2"});
  EXPECT_EQ(json.at("model"), "synthetic tiny");
  EXPECT_EQ(json.at("type"), "all F32");
  EXPECT_GT(json.at("size").get<double>(), 0);
  EXPECT_GT(json.at("params").get<double>(), 0);
  EXPECT_TRUE(json.at("cpu_features").is_string());
  const nlohmann::json& tests = json.at("tests");
  ASSERT_EQ(tests.size(), 2u);
  EXPECT_EQ(tests[0].at("test"), "pp8");
  EXPECT_EQ(tests[1].at("test"), "tg4");
  for (const nlohmann::json& test : tests) {
    EXPECT_EQ(test.at("threads"), 1);
    EXPECT_EQ(test.at("kernel_level"), tensor::kernel_level_name(tensor::best_kernel_level()));
    ASSERT_EQ(test.at("samples").size(), 2u);
    for (const nlohmann::json& sample : test.at("samples")) EXPECT_GT(sample.get<double>(), 0);
    for (const char* key : {"median", "min", "max"}) EXPECT_GT(test.at(key).get<double>(), 0);
    EXPECT_GE(test.at("stddev").get<double>(), 0);
    EXPECT_LE(test.at("min").get<double>(), test.at("median").get<double>());
    EXPECT_LE(test.at("median").get<double>(), test.at("max").get<double>());
  }
}

TEST(BenchCommand, ZeroSkipsATest) {
  const nlohmann::json json = bench_json({"-p", "0", "-n", "2", "-r", "1"});
  ASSERT_EQ(json.at("tests").size(), 1u);
  EXPECT_EQ(json.at("tests")[0].at("test"), "tg2");
}

TEST(BenchCommand, CommaListsRunEveryCombination) {
  const nlohmann::json json = bench_json({"-p", "4,8", "-n", "0", "-r", "1", "-t", "1,2"});
  std::vector<std::string> names;
  for (const nlohmann::json& test : json.at("tests")) {
    names.push_back(
        fmt::format("{}/{}", test.at("test").get<std::string>(), test.at("threads").get<int>()));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"pp4/1", "pp8/1", "pp4/2", "pp8/2"}));
}

TEST(BenchCommand, EverySupportedKernelLevelCanBeMeasured) {
  for (tensor::KernelLevel level : tensor::supported_kernel_levels()) {
    const std::string name(tensor::kernel_level_name(level));
    const nlohmann::json json = bench_json({"-p", "4", "-n", "2", "-r", "1", "--kernel", name});
    for (const nlohmann::json& test : json.at("tests")) EXPECT_EQ(test.at("kernel_level"), name);
  }
}

TEST(BenchCommand, KernelLevelsTheProcessorLacksAreRefused) {
  for (const char* name : {"scalar", "avx2", "avx512"}) {
    const tensor::KernelLevel level = *tensor::kernel_level_from_name(name);
    if (tensor::is_supported(level)) continue;
    const CommandResult result = run_hearth(bench_args({"-p", "4", "-n", "0", "--kernel", name}));
    EXPECT_EQ(result.exit_code, 2) << name;
    EXPECT_NE(result.err.find("does not run"), std::string::npos) << result.err;
  }
}

TEST(BenchCommand, InvalidOptionsAreUsageErrors) {
  for (const std::vector<std::string>& extra :
       std::vector<std::vector<std::string>>{{"-r", "0"},
                                             {"-t", "0"},
                                             {"-p", "-1"},
                                             {"-n", "8,-2"},
                                             {"--kernel", "avx9"},
                                             {"--kv-type", "f32"},
                                             {"-b", "0"}}) {
    const CommandResult result = run_hearth(bench_args(extra));
    EXPECT_EQ(result.exit_code, 2) << extra.front() << " " << extra.back() << ": " << result.err;
  }
}

TEST(BenchCommand, MissingModelIsARuntimeFailure) {
  EXPECT_EQ(run_hearth({"bench", "-m", "/no/such/model.gguf"}).exit_code, 1);
}

}  // namespace
}  // namespace hearth::testing
