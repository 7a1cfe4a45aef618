#include "http_exchange.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <exception>
#include <memory>

#include "hearth/util/ascii.h"
#include "hearth/util/error.h"
#include "hearth/version.h"

namespace hearth::remote::detail {
namespace {

using Clock = std::chrono::steady_clock;

// How long one wait for socket activity lasts at most: the granularity of the
// read timeout and of the cancel check.
constexpr std::chrono::milliseconds kPollInterval{20};

// curl_global_init is not thread-safe in the libcurl Debian 12 ships; one
// call for the process, before the first handle.
void initialize_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      raise(ErrorKind::internal, "libcurl could not be initialized");
    }
  });
}

// What the callbacks of one transfer share.
struct Transfer {
  ResponseHead head;
  const BodySink* on_body = nullptr;
  std::exception_ptr sink_failure;
  Clock::time_point last_activity = Clock::now();
  curl_off_t uploaded = 0;
  // The connection is made and the request about to go: from now on the
  // read timeout applies (before, the connect timeout does).
  bool connected = false;
};

void take_header_line(ResponseHead& head, std::string_view line) {
  line = trim(line);
  if (line.starts_with("HTTP/")) {
    // A new response (after a 100 Continue): forget the last.
    head = ResponseHead{};
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) return;
    long status = 0;
    for (const char digit : line.substr(space + 1, 3)) {
      if (digit < '0' || digit > '9') return;
      status = status * 10 + (digit - '0');
    }
    head.status = status;
    return;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  const std::string_view name = trim(line.substr(0, colon));
  const std::string value(trim(line.substr(colon + 1)));
  if (equals_ignoring_case(name, "content-type")) head.content_type = value;
  if (equals_ignoring_case(name, "retry-after")) head.retry_after = value;
  if (equals_ignoring_case(name, "retry-after-ms")) head.retry_after_ms = value;
}

extern "C" std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  transfer.last_activity = Clock::now();
  take_header_line(transfer.head, std::string_view(data, size * count));
  return size * count;
}

extern "C" std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  transfer.last_activity = Clock::now();
  try {
    (*transfer.on_body)(transfer.head, std::string_view(data, size * count));
  } catch (...) {
    // Exceptions must not cross libcurl; perform_post rethrows it.
    transfer.sink_failure = std::current_exception();
    return 0;
  }
  return size * count;
}

extern "C" int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t uploaded) {
  auto& transfer = *static_cast<Transfer*>(user);
  // Sending a large request body is activity too.
  if (uploaded != transfer.uploaded) {
    transfer.uploaded = uploaded;
    transfer.last_activity = Clock::now();
  }
  return 0;
}

extern "C" int on_connected(void* user, char*, char*, int, int) {
  auto& transfer = *static_cast<Transfer*>(user);
  transfer.connected = true;
  transfer.last_activity = Clock::now();
  return CURL_PREREQFUNC_OK;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

ConnectionCache::ConnectionCache() {
  initialize_curl_once();
  share_ = curl_share_init();
  if (share_ == nullptr) raise(ErrorKind::internal, "libcurl could not create a share handle");
  curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &ConnectionCache::lock);
  curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &ConnectionCache::unlock);
  curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
}

ConnectionCache::~ConnectionCache() {
  for (const Handles& handles : idle_) destroy(handles);
  curl_share_cleanup(share_);
}

ConnectionCache::Handles ConnectionCache::take_handles() {
  {
    std::lock_guard lock(idle_mutex_);
    if (!idle_.empty()) {
      const Handles handles = idle_.back();
      idle_.pop_back();
      return handles;
    }
  }
  Handles handles{curl_easy_init(), curl_multi_init()};
  if (handles.easy == nullptr || handles.multi == nullptr) {
    destroy(handles);
    raise(ErrorKind::internal, "libcurl could not create a handle");
  }
  return handles;
}

void ConnectionCache::give_back(Handles handles) noexcept {
  // Enough for the calls in flight at once on a busy server; more are freed.
  constexpr std::size_t kMaxIdle = 32;
  curl_easy_reset(handles.easy);
  std::lock_guard lock(idle_mutex_);
  if (idle_.size() >= kMaxIdle) {
    destroy(handles);
    return;
  }
  try {
    idle_.push_back(handles);
  } catch (const std::bad_alloc&) {
    destroy(handles);
  }
}

void ConnectionCache::destroy(Handles handles) noexcept {
  if (handles.multi != nullptr) curl_multi_cleanup(handles.multi);
  if (handles.easy != nullptr) curl_easy_cleanup(handles.easy);
}

void ConnectionCache::lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
  static_cast<ConnectionCache*>(self)->mutexes_[static_cast<std::size_t>(data)].lock();
}

void ConnectionCache::unlock(CURL*, curl_lock_data data, void* self) {
  static_cast<ConnectionCache*>(self)->mutexes_[static_cast<std::size_t>(data)].unlock();
}

HttpOutcome perform_post(const HttpPost& post, ConnectionCache& cache, const BodySink& on_body,
                         const CancelCheck& cancelled) {
  initialize_curl_once();
  // Handed back however this call ends, out of the multi handle first.
  struct Lease {
    ConnectionCache& cache;
    ConnectionCache::Handles handles;
    bool added = false;
    ~Lease() {
      if (added) curl_multi_remove_handle(handles.multi, handles.easy);
      cache.give_back(handles);
    }
  } lease{cache, cache.take_handles()};

  std::unique_ptr<curl_slist, SlistDeleter> headers;
  const auto append = [&headers](const char* line) {
    curl_slist* extended = curl_slist_append(headers.get(), line);
    if (extended == nullptr) raise(ErrorKind::resource_exhausted, "out of memory for a header");
    static_cast<void>(headers.release());  // now part of `extended`
    headers.reset(extended);
  };
  for (const std::string& line : post.headers) append(line.c_str());
  // No "Expect: 100-continue" round trip before large bodies.
  append("Expect:");

  Transfer transfer;
  transfer.on_body = &on_body;
  char error_buffer[CURL_ERROR_SIZE] = {};
  static const std::string user_agent = fmt::format("hearth/{}", kVersion);
  CURL* handle = lease.handles.easy;
  CURLM* multi = lease.handles.multi;
  curl_easy_setopt(handle, CURLOPT_URL, post.url.c_str());
  curl_easy_setopt(handle, CURLOPT_SHARE, cache.handle());
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::max<std::int64_t>(1, post.connect_timeout.count())));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_POST, 1L);
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, post.body.data());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, on_connected);
  curl_easy_setopt(handle, CURLOPT_PREREQDATA, &transfer);

  HttpOutcome outcome;
  curl_multi_add_handle(multi, handle);
  lease.added = true;
  int running = 1;
  while (true) {
    const CURLMcode status = curl_multi_perform(multi, &running);
    if (status != CURLM_OK) {
      outcome.end = HttpOutcome::End::failed;
      outcome.code = CURLE_FAILED_INIT;
      outcome.detail = curl_multi_strerror(status);
      break;
    }
    if (running == 0) break;
    if (cancelled && cancelled()) {
      outcome.end = HttpOutcome::End::cancelled;
      break;
    }
    if (transfer.connected && Clock::now() - transfer.last_activity >= post.read_timeout) {
      outcome.end = HttpOutcome::End::silent;
      break;
    }
    curl_multi_poll(multi, nullptr, 0, static_cast<int>(kPollInterval.count()), nullptr);
  }

  if (running == 0 && outcome.end == HttpOutcome::End::complete) {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
      if (message->msg == CURLMSG_DONE) outcome.code = message->data.result;
    }
    if (outcome.code != CURLE_OK) {
      outcome.end = HttpOutcome::End::failed;
      outcome.detail = ::strnlen(error_buffer, sizeof error_buffer) > 0
                           ? std::string(trim(error_buffer))
                           : std::string(curl_easy_strerror(outcome.code));
    }
  }
  outcome.connected = transfer.connected;
  curl_multi_remove_handle(multi, handle);
  lease.added = false;
  if (transfer.sink_failure) std::rethrow_exception(transfer.sink_failure);
  outcome.head = std::move(transfer.head);
  return outcome;
}

std::string url_host(std::string_view url) {
  if (const std::size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
  }
  url = url.substr(0, url.find_first_of("/?#"));
  if (const std::size_t at = url.rfind('@'); at != std::string_view::npos)
    url.remove_prefix(at + 1);
  return std::string(url);
}

}  // namespace hearth::remote::detail
