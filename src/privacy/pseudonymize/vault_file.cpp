// The vault's encrypted form (docs/privacy-pseudonymization.md):
//
//   "HVLT"  version (1 byte, 1)  salt (16 bytes)  nonce (24 bytes)  ciphertext
//
// The key is Argon2id(passphrase, salt) at libsodium's interactive limits;
// the ciphertext is XChaCha20-Poly1305 of the serialized entries with the
// 45 header bytes as associated data, so no byte of the file can change
// unnoticed. Version 1 fixes the Argon2id limits rather than storing them,
// so a crafted file cannot make opening it cost gigabytes.
//
// The serialized entries, in the order they were issued (which numbers
// their placeholders), all integers little-endian:
//   count (u32), then per entry: type (u8), canonical length (u32),
//   canonical, text length (u32), text.
#include <sodium.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "hearth/privacy/vault.h"
#include "hearth/util/error.h"
#include "private_file.h"
#include "sodium_support.h"
#include "vault_impl.h"

namespace hearth::privacy {
namespace {

constexpr std::string_view kMagic = "HVLT";
constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kSaltBytes = crypto_pwhash_SALTBYTES;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kHeaderBytes = kMagic.size() + 1 + kSaltBytes + kNonceBytes;
// A conversation's values fit many times over; the bound keeps a hostile
// file from asking for memory without limit.
constexpr std::size_t kMaxFileBytes = std::size_t{64} << 20;

constexpr std::string_view kCannotDecrypt =
    "vault could not be decrypted (wrong passphrase or damaged file)";

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

void check_passphrase(std::string_view passphrase) {
  if (passphrase.empty()) {
    raise(ErrorKind::invalid_argument, "a vault passphrase must not be empty");
  }
}

// The key Argon2id derives from a passphrase and a salt, wiped when it goes.
class VaultKey {
 public:
  VaultKey(std::string_view passphrase, std::string_view salt) {
    if (crypto_pwhash(bytes_.data(), bytes_.size(), passphrase.data(), passphrase.size(),
                      bytes_of(salt), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                      crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
      // A throwing constructor runs no destructor: wipe here.
      sodium_memzero(bytes_.data(), bytes_.size());
      raise(ErrorKind::resource_exhausted,
            "not enough memory to derive the vault key (Argon2id needs {} MiB)",
            crypto_pwhash_MEMLIMIT_INTERACTIVE >> 20);
    }
  }
  VaultKey(const VaultKey&) = delete;
  VaultKey& operator=(const VaultKey&) = delete;
  ~VaultKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

  const unsigned char* data() const noexcept { return bytes_.data(); }

 private:
  std::array<unsigned char, kKeyBytes> bytes_{};
};

void append_u32(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((value >> shift) & 0xFFu);
}

void append_sized(std::string& out, std::string_view bytes) {
  append_u32(out, static_cast<std::uint32_t>(bytes.size()));
  out.append(bytes);
}

// Reads the serialized entries; every fault is the file's.
class EntryReader {
 public:
  explicit EntryReader(std::string_view bytes) : bytes_(bytes) {}

  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
  std::uint32_t u32() {
    const std::string_view raw = take(4);
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(raw[i]);
    return value;
  }
  std::string_view sized() { return take(u32()); }
  bool done() const { return bytes_.empty(); }

 private:
  std::string_view take(std::size_t count) {
    if (count > bytes_.size()) {
      raise(ErrorKind::invalid_data, "vault file is damaged: an entry runs past its end");
    }
    const std::string_view head = bytes_.substr(0, count);
    bytes_.remove_prefix(count);
    return head;
  }

  std::string_view bytes_;
};

}  // namespace

std::string Vault::seal(std::string_view passphrase) const {
  check_passphrase(passphrase);
  ensure_sodium_ready();

  // Sized before anything is written: a growing string would leave copies
  // of the values behind in memory that wiping cannot reach.
  const std::size_t count = size();
  std::size_t plain_bytes = 4;
  for (std::size_t i = 0; i < count; ++i) {
    plain_bytes += 1 + 4 + impl_->entries[i].canonical.size() + 4 + impl_->entries[i].text.size();
  }
  if (plain_bytes + kHeaderBytes + kTagBytes > kMaxFileBytes) {
    raise(ErrorKind::resource_exhausted, "the vault is larger than the {} MiB a file may hold",
          kMaxFileBytes >> 20);
  }
  WipedString plain;
  plain.get().reserve(plain_bytes);
  append_u32(plain.get(), static_cast<std::uint32_t>(count));
  for (std::size_t i = 0; i < count; ++i) {
    const VaultEntry& entry = impl_->entries[i];
    plain.get() += static_cast<char>(entry.type);
    append_sized(plain.get(), entry.canonical);
    append_sized(plain.get(), entry.text);
  }

  std::string sealed(kMagic);
  sealed += static_cast<char>(kVersion);
  sealed.resize(kHeaderBytes);
  unsigned char* salt = reinterpret_cast<unsigned char*>(sealed.data()) + kMagic.size() + 1;
  unsigned char* nonce = salt + kSaltBytes;
  randombytes_buf(salt, kSaltBytes);
  randombytes_buf(nonce, kNonceBytes);
  const VaultKey key(passphrase, std::string_view(sealed).substr(kMagic.size() + 1, kSaltBytes));

  sealed.resize(kHeaderBytes + plain.get().size() + kTagBytes);
  auto* data = reinterpret_cast<unsigned char*>(sealed.data());
  unsigned long long ciphertext_bytes = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      data + kHeaderBytes, &ciphertext_bytes, bytes_of(plain.get()), plain.get().size(), data,
      kHeaderBytes, nullptr, data + kMagic.size() + 1 + kSaltBytes, key.data());
  return sealed;
}

Vault Vault::unseal(std::string_view sealed, std::string_view passphrase) {
  check_passphrase(passphrase);
  ensure_sodium_ready();
  if (sealed.size() > kMaxFileBytes) {
    raise(ErrorKind::invalid_data, "vault file is {} bytes, more than the {} allowed",
          sealed.size(), kMaxFileBytes);
  }
  if (sealed.size() < kMagic.size() + 1 || sealed.substr(0, kMagic.size()) != kMagic) {
    raise(ErrorKind::invalid_data, "not a hearth vault file (it does not start with HVLT)");
  }
  const auto version = static_cast<std::uint8_t>(sealed[kMagic.size()]);
  if (version != kVersion) {
    raise(ErrorKind::unsupported, "vault file version {} is not supported (this build reads {})",
          version, kVersion);
  }
  if (sealed.size() < kHeaderBytes + kTagBytes) raise(ErrorKind::invalid_data, kCannotDecrypt);

  const std::string_view salt = sealed.substr(kMagic.size() + 1, kSaltBytes);
  const std::string_view nonce = sealed.substr(kMagic.size() + 1 + kSaltBytes, kNonceBytes);
  const std::string_view ciphertext = sealed.substr(kHeaderBytes);
  const VaultKey key(passphrase, salt);
  WipedString plain(std::string(ciphertext.size() - kTagBytes, '\0'));
  unsigned long long plain_bytes = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.get().data()), &plain_bytes, nullptr,
          bytes_of(ciphertext), ciphertext.size(), bytes_of(sealed), kHeaderBytes, bytes_of(nonce),
          key.data()) != 0) {
    raise(ErrorKind::invalid_data, kCannotDecrypt);
  }

  // Authenticated, so written by someone with the passphrase; still checked,
  // as the vault's indexes rely on entries being unique.
  Vault vault;
  EntryReader reader(plain.get());
  const std::uint32_t count = reader.u32();
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint8_t type_byte = reader.u8();
    if (type_byte >= kEntityTypeCount) {
      raise(ErrorKind::invalid_data, "vault file is damaged: entry {} has unknown type {}", i,
            type_byte);
    }
    const auto type = static_cast<EntityType>(type_byte);
    const std::string_view canonical = reader.sized();
    const std::string_view text = reader.sized();
    if (vault.impl_->by_value.contains(VaultValueKey{type, canonical})) {
      raise(ErrorKind::invalid_data, "vault file is damaged: entry {} repeats an earlier value", i);
    }
    vault.impl_->add(type, std::string(canonical), std::string(text));
  }
  if (!reader.done()) {
    raise(ErrorKind::invalid_data, "vault file is damaged: bytes follow the last entry");
  }
  return vault;
}

void Vault::save(const std::filesystem::path& path, std::string_view passphrase) const {
  write_private_file(path, seal(passphrase));
}

Vault Vault::open(const std::filesystem::path& path, std::string_view passphrase) {
  return unseal(read_file_at_most(path, kMaxFileBytes), passphrase);
}

}  // namespace hearth::privacy
