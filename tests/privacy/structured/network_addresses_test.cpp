#include "network_addresses.h"

#include <gtest/gtest.h>

namespace hearth::privacy::structured {
namespace {

TEST(Ipv4, AcceptsDottedQuads) {
  for (const char* address :
       {"10.0.0.12", "192.168.1.1", "255.255.255.255", "0.0.0.0", "127.0.0.1", "8.8.4.4"})
    EXPECT_TRUE(ipv4_valid(address)) << address;
}

TEST(Ipv4, RejectsOutOfRangeLeadingZerosAndWrongCounts) {
  for (const char* text : {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "1.2.3.",
                           "1234.1.1.1", "a.b.c.d", ""})
    EXPECT_FALSE(ipv4_valid(text)) << text;
}

TEST(Ipv6, ParsesFullCompressedAndEmbeddedForms) {
  struct Case {
    const char* text;
    int groups;
  };
  for (const Case& c :
       {Case{"2001:0db8:85a3:0000:0000:8a2e:0370:7334", 8}, Case{"2001:db8::8a2e:370:7334", 5},
        Case{"::1", 1}, Case{"fe80::1", 2}, Case{"::ffff:192.0.2.128", 3}, Case{"2001:db8::", 2},
        Case{"::", 0}, Case{"1:2:3:4:5:6:7::", 7}}) {
    const Ipv6Shape shape = parse_ipv6(c.text);
    EXPECT_TRUE(shape.valid) << c.text;
    EXPECT_EQ(shape.written_groups, c.groups) << c.text;
  }
}

TEST(Ipv6, RejectsMalformedText) {
  for (const char* text :
       {"1:2:3:4:5:6:7", "1::2::3", "12345::1", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "14:22:07",
        "00:1a:2b:3c:4d:5e", "g::1", "1:2:3:4:5:6:7:8::", "::1:"})
    EXPECT_FALSE(parse_ipv6(text).valid) << text;
}

TEST(MacAddress, AcceptsTheThreeNotations) {
  EXPECT_TRUE(mac_address_valid("00:1a:2b:3c:4d:5e"));
  EXPECT_TRUE(mac_address_valid("00-1A-2B-3C-4D-5E"));
  EXPECT_TRUE(mac_address_valid("001a.2b3c.4d5e"));
}

TEST(MacAddress, RejectsMixedSeparatorsAndTheAllZeroPlaceholder) {
  EXPECT_FALSE(mac_address_valid("00:1a-2b:3c:4d:5e"));
  EXPECT_FALSE(mac_address_valid("00:00:00:00:00:00"));
  EXPECT_FALSE(mac_address_valid("00:1a:2b:3c:4d:5g"));
}

}  // namespace
}  // namespace hearth::privacy::structured
