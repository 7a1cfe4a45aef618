// One page of the hub's file listing (GET /api/models/REPO/tree/REV): a
// JSON array of entries; files with their size and, for files in LFS, the
// SHA-256 the hub publishes. Kept apart so the fuzzer can reach it.
#pragma once

#include <string>
#include <vector>

#include "hearth/hub/hub_client.h"

namespace hearth::hub::detail {

// Appends the page's files to `files` (directories are skipped). Throws
// Error(invalid_data) naming `url` for a body that is not a JSON array, a
// file entry without a path or size, or an LFS oid that is not a SHA-256.
void parse_listing_page(const std::string& body, const std::string& url,
                        std::vector<RepoFile>& files);

}  // namespace hearth::hub::detail
