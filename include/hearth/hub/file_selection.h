// Which GGUF file of a repository `hearth pull OWNER/REPO[:FILE]` means.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/hub/hub_client.h"

namespace hearth::hub {

// With `requested`: the GGUF file of that path (".gguf" may be left off), else
// the one GGUF file whose name contains it case-insensitively (a
// quantization tag: "Q4_K_M", "q8_0"). Without: the repository's only GGUF
// file, else its one file with "Q4_K_M" in the name.
// Throws Error(not_found) when nothing matches and Error(invalid_argument)
// when several do; both messages list the repository's GGUF files.
const RepoFile& select_gguf_file(const std::vector<RepoFile>& files, std::string_view repo,
                                 const std::optional<std::string>& requested);

}  // namespace hearth::hub
