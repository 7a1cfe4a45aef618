// Where `hearth pull` puts models and where model names are looked up.
#pragma once

#include <filesystem>

namespace hearth::hub {

// HEARTH_MODELS when set; otherwise $XDG_DATA_HOME/hearth/models (when
// XDG_DATA_HOME is an absolute path, as the XDG spec asks), otherwise
// ~/.local/share/hearth/models. The folder need not exist yet.
// Throws Error(not_found) when none of these can be worked out (no HOME).
std::filesystem::path models_directory();

}  // namespace hearth::hub
