// A thin RAII layer over SQLite: a connection, prepared statements and
// transactions, every failure an Error(io) naming the file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::store::detail {

class Statement;

class Database {
 public:
  // Opens or creates the file (parent folders too; a new file gets mode
  // 0600), WAL mode, a 5 s busy timeout. Throws Error(io).
  explicit Database(const std::filesystem::path& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void execute(std::string_view sql);
  Statement prepare(std::string_view sql);
  // The connection's own copy of a statement, compiled on first use and kept
  // (parsing costs more than running the small statements of a request).
  // Reset, bindings cleared, when the returned Statement goes out of scope;
  // a statement may be in use only once at a time.
  Statement prepare_cached(std::string_view sql);
  std::int64_t last_insert_id() const noexcept;
  int user_version();
  void set_user_version(int version);

  const std::filesystem::path& path() const noexcept { return path_; }
  sqlite3* handle() const noexcept { return db_; }
  // Throws Error(io) with SQLite's words for `code` and the file's name.
  [[noreturn]] void fail(int code, std::string_view doing) const;

 private:
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*, std::less<>> cached_;
};

class Statement {
 public:
  // A statement of the connection's cache (borrowed) is reset when this
  // object ends instead of finalized.
  Statement(Database& database, sqlite3_stmt* statement, bool borrowed = false)
      : database_(&database), stmt_(statement), borrowed_(borrowed) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  // Parameters are numbered from 1.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_null(int index);

  // true while a row is available.
  bool step();
  void reset();

  std::int64_t integer(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;

 private:
  Database* database_;
  sqlite3_stmt* stmt_;
  bool borrowed_;
};

// BEGIN IMMEDIATE ... COMMIT; rolled back when destroyed uncommitted.
class Transaction {
 public:
  explicit Transaction(Database& database);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& database_;
  bool done_ = false;
};

// Makes sure the file is hearth's `kind` ("audit log"): an empty database is
// claimed for it (application id, schema version, and the tables
// create_schema makes, in one transaction); any other file is refused with
// Error(invalid_data) naming the path.
void claim_store_file(Database& database, int application_id, int schema_version,
                      std::string_view kind, const std::function<void()>& create_schema);

// SHA-256 of data as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace hearth::store::detail
