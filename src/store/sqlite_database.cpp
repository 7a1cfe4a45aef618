#include "sqlite_database.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "hearth/util/error.h"

namespace hearth::store::detail {

Database::Database(const std::filesystem::path& path) : path_(path) {
  std::error_code error;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
  // Created here first, when it does not exist, so that the file (which
  // holds what left the machine) is private from the start; SQLite would use
  // the umask. O_EXCL matters: closing a descriptor of a file that a SQLite
  // connection of this process has open drops that connection's POSIX locks
  // (they belong to the process), and another process could then write over
  // its transactions. A file this call creates is open nowhere else.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  } else if (errno != EEXIST) {
    raise(ErrorKind::io, "cannot create {}: {}", path.string(), std::strerror(errno));
  }
  const int code =
      sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (code != SQLITE_OK) {
    const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
    sqlite3_close(db_);
    db_ = nullptr;
    raise(ErrorKind::io, "cannot open {}: {}", path.string(), message);
  }
  sqlite3_busy_timeout(db_, 5000);
  sqlite3_extended_result_codes(db_, 1);
  try {
    // WAL: readers never block the writer, and a commit that returned is in
    // the log file, so a killed process loses nothing it committed.
    // synchronous=NORMAL syncs the log at checkpoints only: safe against a
    // crash of the process, not against a power cut in the last moments.
    execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=NORMAL");
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Database::~Database() {
  for (const auto& [sql, statement] : cached_) sqlite3_finalize(statement);
  if (db_ != nullptr) sqlite3_close(db_);
}

void Database::fail(int code, std::string_view doing) const {
  const char* message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  if ((code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT) {
    raise(ErrorKind::invalid_data, "{} is not a usable database ({}: {})", path_.string(), doing,
          message);
  }
  raise(ErrorKind::io, "{}: {}: {}", path_.string(), doing, message);
}

void Database::execute(std::string_view sql) {
  Statement statement = prepare(sql);
  while (statement.step()) {
  }
}

Statement Database::prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int code =
      sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (code != SQLITE_OK) fail(code, "preparing a statement");
  return Statement(*this, statement);
}

Statement Database::prepare_cached(std::string_view sql) {
  auto found = cached_.find(sql);
  if (found == cached_.end()) {
    sqlite3_stmt* statement = nullptr;
    const int code = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (code != SQLITE_OK) fail(code, "preparing a statement");
    found = cached_.emplace(std::string(sql), statement).first;
  }
  return Statement(*this, found->second, true);
}

std::int64_t Database::last_insert_id() const noexcept {
  return sqlite3_last_insert_rowid(db_);
}

int Database::user_version() {
  Statement statement = prepare("PRAGMA user_version");
  statement.step();
  return static_cast<int>(statement.integer(0));
}

void Database::set_user_version(int version) {
  execute("PRAGMA user_version=" + std::to_string(version));
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (borrowed_) {
    reset();
  } else {
    sqlite3_finalize(stmt_);
  }
}

Statement::Statement(Statement&& other) noexcept
    : database_(other.database_), stmt_(other.stmt_), borrowed_(other.borrowed_) {
  other.stmt_ = nullptr;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  const int code = sqlite3_step(stmt_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  database_->fail(code, "running a statement");
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  return bytes == nullptr ? std::string() : std::string(bytes, static_cast<std::size_t>(size));
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Transaction::Transaction(Database& database) : database_(database) {
  database_.prepare_cached("BEGIN IMMEDIATE").step();
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(database_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  database_.prepare_cached("COMMIT").step();
  done_ = true;
}

void claim_store_file(Database& database, int application_id, int schema_version,
                      std::string_view kind, const std::function<void()>& create_schema) {
  Statement id = database.prepare("PRAGMA application_id");
  id.step();
  const std::int64_t application = id.integer(0);
  Statement tables = database.prepare("SELECT count(*) FROM sqlite_master");
  tables.step();
  const bool empty = tables.integer(0) == 0;
  if (application != application_id && !(application == 0 && empty)) {
    raise(ErrorKind::invalid_data, "{} is not a hearth {}", database.path().string(), kind);
  }
  if (empty) {
    Transaction transaction(database);
    database.execute("PRAGMA application_id=" + std::to_string(application_id));
    create_schema();
    database.set_user_version(schema_version);
    transaction.commit();
  } else if (database.user_version() != schema_version) {
    raise(ErrorKind::invalid_data, "{} is a hearth {} of another version ({})",
          database.path().string(), kind, database.user_version());
  }
}

std::string sha256_hex(std::string_view data) {
  static const bool sodium_ready = sodium_init() >= 0;
  if (!sodium_ready) raise(ErrorKind::internal, "libsodium cannot start");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * sizeof digest);
  for (const unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

}  // namespace hearth::store::detail
