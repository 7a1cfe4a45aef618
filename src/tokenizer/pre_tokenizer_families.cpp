#include "pre_tokenizer_families.h"

#include <algorithm>

namespace hearth::tokenizer::detail {
namespace {

constexpr LetterCase kExact = LetterCase::sensitive;
constexpr LetterCase kAnyCase = LetterCase::insensitive;
constexpr Lookahead kNoNonWhitespaceAfter = Lookahead::not_before_non_whitespace;

// The classes the regexes spell out.
constexpr CharClass kLetter = CharClass::letters();                             // \p{L}
constexpr CharClass kNumber = CharClass::numbers();                             // \p{N}
constexpr CharClass kPunctuation = CharClass::punctuation();                    // \p{P}
constexpr CharClass kWhitespace = CharClass::whitespace();                      // \s
constexpr CharClass kLetterOrMark = CharClass::letters() | CharClass::marks();  // [\p{L}\p{M}]
constexpr CharClass kSpace = CharClass::of(" ");
constexpr CharClass kNewline = CharClass::of("\r\n");            // [\r\n]
constexpr CharClass kNewlineOrSlash = CharClass::of("\r\n/");    // [\r\n/]
constexpr CharClass kAsciiDigit = CharClass::between('0', '9');  // [0-9]
constexpr CharClass kAsciiLetter = CharClass::between('A', 'Z') | CharClass::between('a', 'z');
constexpr CharClass kNotWhitespaceLetterNumber = ~(kWhitespace | kLetter | kNumber);
constexpr CharClass kNotNewlineLetterNumber = ~(kNewline | kLetter | kNumber);
constexpr CharClass kNotWhitespaceLetterMarkNumber = ~(kWhitespace | kLetterOrMark | kNumber);
constexpr CharClass kNotNewlineLetterPunctuationSymbol =
    ~(kNewline | kLetter | kPunctuation | CharClass::symbols());  // [^\r\n\p{L}\p{P}\p{S}]
constexpr CharClass kPunctuationOrSymbol = kPunctuation | CharClass::symbols();  // [\p{P}\p{S}]
constexpr CharClass kNotNewline = ~CharClass::of("\n");                          // [^\n]
constexpr CharClass kLineFeed = CharClass::of("\n");                             // [\n]
// [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]
constexpr CharClass kAsciiPunctuationOrSymbol = CharClass::of("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
// (?=[\p{L}])([^a-z]) and (?=[\p{L}])([^A-Z]): llama.cpp's stand-ins for
// [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] and [\p{Ll}\p{Lm}\p{Lo}\p{M}], which tell
// case apart in ASCII only.
constexpr CharClass kLetterNotLower = kLetter.except(CharClass::between('a', 'z'));
constexpr CharClass kLetterNotUpper = kLetter.except(CharClass::between('A', 'Z'));
constexpr CharClass kLetterOrMarkNotLower = kLetterOrMark.except(CharClass::between('a', 'z'));
constexpr CharClass kLetterOrMarkNotUpper = kLetterOrMark.except(CharClass::between('A', 'Z'));

// [一-龥぀-ゟ゠-ヿ]: CJK ideographs, hiragana, katakana.
constexpr CodePointRange kHanKanaRanges[] = {{0x4E00, 0x9FA5}, {0x3040, 0x309F}, {0x30A0, 0x30FF}};
constexpr CharClass kHanKana = CharClass::in(kHanKanaRanges);
// [一-龥ࠀ-一가-퟿]
constexpr CodePointRange kDeepSeekCjkRanges[] = {
    {0x4E00, 0x9FA5}, {0x0800, 0x4E00}, {0xAC00, 0xD7FF}};
constexpr CharClass kDeepSeekCjk = CharClass::in(kDeepSeekCjkRanges);
// [A-Za-zµÀ-ÖØ-öø-ƺ...𞤀-𞥃]: the cased letters (L&), written out. As code
// points, because some of its characters (ώ U+1F7D, ι U+1FBE, Ω U+2126,
// K U+212A...) turn into others when text is Unicode-normalized, as copies of
// the regex often are.
constexpr CodePointRange kDeepSeekLetterRanges[] = {
    {0x0041, 0x005A},   {0x0061, 0x007A},   {0x00B5, 0x00B5},   {0x00C0, 0x00D6},
    {0x00D8, 0x00F6},   {0x00F8, 0x01BA},   {0x01BC, 0x01BF},   {0x01C4, 0x0293},
    {0x0295, 0x02AF},   {0x0370, 0x0373},   {0x0376, 0x0377},   {0x037B, 0x037D},
    {0x037F, 0x037F},   {0x0386, 0x0386},   {0x0388, 0x038A},   {0x038C, 0x038C},
    {0x038E, 0x03A1},   {0x03A3, 0x03F5},   {0x03F7, 0x0481},   {0x048A, 0x052F},
    {0x0531, 0x0556},   {0x10A0, 0x10C5},   {0x13A0, 0x13F5},   {0x13F8, 0x13FD},
    {0x1C90, 0x1CBA},   {0x1CBD, 0x1CBF},   {0x1D00, 0x1D2B},   {0x1D6B, 0x1D77},
    {0x1D79, 0x1D9A},   {0x1E00, 0x1F15},   {0x1F18, 0x1F1D},   {0x1F20, 0x1F45},
    {0x1F48, 0x1F4D},   {0x1F50, 0x1F57},   {0x1F59, 0x1F59},   {0x1F5B, 0x1F5B},
    {0x1F5D, 0x1F5D},   {0x1F5F, 0x1F7D},   {0x1F80, 0x1FB4},   {0x1FB6, 0x1FBC},
    {0x1FBE, 0x1FBE},   {0x1FC2, 0x1FC4},   {0x1FC6, 0x1FCC},   {0x1FD0, 0x1FD3},
    {0x1FD6, 0x1FDB},   {0x1FE0, 0x1FEC},   {0x1FF2, 0x1FF4},   {0x1FF6, 0x1FFC},
    {0x2102, 0x2102},   {0x2107, 0x2107},   {0x210A, 0x2113},   {0x2115, 0x2115},
    {0x2119, 0x211D},   {0x2124, 0x2124},   {0x2126, 0x2126},   {0x2128, 0x2128},
    {0x212A, 0x212D},   {0x212F, 0x2134},   {0x2139, 0x2139},   {0x213C, 0x213F},
    {0x2145, 0x2149},   {0x214E, 0x214E},   {0x2183, 0x2184},   {0x2C00, 0x2C7B},
    {0x2C7E, 0x2CE4},   {0x2CEB, 0x2CEE},   {0x2CF2, 0x2CF3},   {0xA640, 0xA66D},
    {0xA680, 0xA69B},   {0xA722, 0xA76F},   {0xA771, 0xA787},   {0xA78B, 0xA78E},
    {0xAB70, 0xABBF},   {0xFB00, 0xFB06},   {0xFB13, 0xFB17},   {0xFF21, 0xFF3A},
    {0xFF41, 0xFF5A},   {0x10400, 0x1044F}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB},
    {0x10C80, 0x10CB2}, {0x10CC0, 0x10CF2}, {0x118A0, 0x118DF}, {0x1E900, 0x1E943},
};
constexpr CharClass kDeepSeekLetter = CharClass::in(kDeepSeekLetterRanges);
// [!-/:-~！-／：-～‘-‟　-。]
constexpr CodePointRange kDeepSeekPunctuationRanges[] = {{0x0021, 0x002F}, {0x003A, 0x007E},
                                                         {0xFF01, 0xFF0F}, {0xFF1A, 0xFF5E},
                                                         {0x2018, 0x201F}, {0x3000, 0x3002}};
constexpr CharClass kDeepSeekPunctuation = CharClass::in(kDeepSeekPunctuationRanges);
// [^(\s|.,!?…。，、।۔،)]: the brackets and bar are literal members.
constexpr CodePointRange kPoroStopRanges[] = {
    {'(', '('},       {'|', '|'},       {'.', '.'},       {',', ','},       {'!', '!'},
    {'?', '?'},       {')', ')'},       {0x2026, 0x2026}, {0x3002, 0x3002}, {0xFF0C, 0xFF0C},
    {0x3001, 0x3001}, {0x0964, 0x0964}, {0x06D4, 0x06D4}, {0x060C, 0x060C}};
constexpr CharClass kNotPoroStop = ~(kWhitespace | CharClass::in(kPoroStopRanges));
// [가-힣ㄱ-ㆎ], [！…“”‘’—：；，、-〿︰-﹏], [ㄅ-ㄯ]
constexpr CodePointRange kHangulRanges[] = {{0xAC00, 0xD7A3}, {0x3131, 0x318E}};
constexpr CodePointRange kCjkPunctuationRanges[] = {
    {0xFF01, 0xFF01}, {0x2026, 0x2026}, {0x201C, 0x201D}, {0x2018, 0x2019}, {0x2014, 0x2014},
    {0xFF1A, 0xFF1B}, {0xFF0C, 0xFF0C}, {0x3001, 0x303F}, {0xFE30, 0xFE4F}};
constexpr CodePointRange kBopomofoRanges[] = {{0x3105, 0x312F}};

// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)
constexpr Alternative kGpt2Regex[] = {
    sequence(contraction(kExact)),
    sequence(maybe(kSpace), one_or_more(kLetter)),
    sequence(maybe(kSpace), one_or_more(kNumber)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
};

// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
//  ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
constexpr Alternative kLlama3Regex[] = {
    sequence(contraction(kAnyCase)),
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetter)),
    sequence(repeat(kNumber, 1, 3)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber), zero_or_more(kNewline)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// llama3's, with the runs of whitespace cut at 512, 256, ... 4, 2 or 1:
// ...|\s*[\r\n]+|\s{512}(?!\S)|\s{256}(?!\S)|...|\s{4}(?!\S)|\s{1,2}(?!\S)|\s{1}
constexpr Alternative kJais2Regex[] = {
    sequence(contraction(kAnyCase)),
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetter)),
    sequence(repeat(kNumber, 1, 3)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber), zero_or_more(kNewline)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(repeat(kWhitespace, 512, 512)).followed_by(kNoNonWhitespaceAfter),
    sequence(repeat(kWhitespace, 256, 256)).followed_by(kNoNonWhitespaceAfter),
    sequence(repeat(kWhitespace, 128, 128)).followed_by(kNoNonWhitespaceAfter),
    sequence(repeat(kWhitespace, 64, 64)).followed_by(kNoNonWhitespaceAfter),
    sequence(repeat(kWhitespace, 32, 32)).followed_by(kNoNonWhitespaceAfter),
    sequence(repeat(kWhitespace, 16, 16)).followed_by(kNoNonWhitespaceAfter),
    sequence(repeat(kWhitespace, 8, 8)).followed_by(kNoNonWhitespaceAfter),
    sequence(repeat(kWhitespace, 4, 4)).followed_by(kNoNonWhitespaceAfter),
    sequence(repeat(kWhitespace, 1, 2)).followed_by(kNoNonWhitespaceAfter),
    sequence(one(kWhitespace)),
};

// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|
//  ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
constexpr Alternative kQwen2Regex[] = {
    sequence(contraction(kAnyCase)),
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetter)),
    sequence(one(kNumber)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber), zero_or_more(kNewline)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// qwen2's without the contractions, so Turkish apostrophe suffixes stay on
// their word.
constexpr Alternative kUfakzekaRegex[] = {
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetter)),
    sequence(one(kNumber)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber), zero_or_more(kNewline)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}|
//  ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
constexpr Alternative kQwen35Regex[] = {
    sequence(contraction(kAnyCase)),
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetterOrMark)),
    sequence(one(kNumber)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterMarkNumber), zero_or_more(kNewline)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|
// \s*[\r\n]|\s+(?!\S)|\s+
constexpr Alternative kBailingMoeRegex[] = {
    sequence(contraction(kAnyCase)),
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetter)),
    sequence(one(kNumber)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber), zero_or_more(kNewline)),
    sequence(zero_or_more(kWhitespace), one(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1}|
//  ?[^\s\p{L}\p{N}\r\n]+|\s*[\r\n]+|\s+(?!\S)|\s+
constexpr Alternative kSeedCoderRegex[] = {
    sequence(contraction(kAnyCase)),
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetter)),
    sequence(one(kNumber)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// The second regex of minicpm5: qwen2's with \p{N}+.
constexpr Alternative kMiniCpm5Regex[] = {
    sequence(contraction(kAnyCase)),
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetter)),
    sequence(one_or_more(kNumber)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber), zero_or_more(kNewline)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// [^\r\n\p{L}\p{N}]?U*W+|[^\r\n\p{L}\p{N}]?U+W*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|
// \s*[\r\n]+|\s+(?!\S)|\s+   with U, W the letters less a-z, less A-Z
constexpr Alternative kTekkenRegex[] = {
    sequence(maybe(kNotNewlineLetterNumber), zero_or_more(kLetterNotLower),
             one_or_more(kLetterNotUpper)),
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetterNotLower),
             zero_or_more(kLetterNotUpper)),
    sequence(one(kNumber)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber), zero_or_more(kNewlineOrSlash)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// [^\r\n\p{L}\p{N}]?U*W+(?i:'s|...)?|[^\r\n\p{L}\p{N}]?U+W*(?i:'s|...)?|\p{N}{1,3}|
//  ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
constexpr Alternative kGpt4oRegex[] = {
    sequence(maybe(kNotNewlineLetterNumber), zero_or_more(kLetterNotLower),
             one_or_more(kLetterNotUpper), maybe_contraction(kAnyCase)),
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetterNotLower),
             zero_or_more(kLetterNotUpper), maybe_contraction(kAnyCase)),
    sequence(repeat(kNumber, 1, 3)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber), zero_or_more(kNewlineOrSlash)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// gpt-4o's, with marks counted as letters so they stay on their base letter.
constexpr Alternative kGraniteEmbedMultiRegex[] = {
    sequence(maybe(kNotNewlineLetterNumber), zero_or_more(kLetterOrMarkNotLower),
             one_or_more(kLetterOrMarkNotUpper), maybe_contraction(kAnyCase)),
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetterOrMarkNotLower),
             zero_or_more(kLetterOrMarkNotUpper), maybe_contraction(kAnyCase)),
    sequence(repeat(kNumber, 1, 3)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber), zero_or_more(kNewlineOrSlash)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// [가-힣ㄱ-ㆎ]+|[！…“”‘’—：；，、-〿︰-﹏]+|[ㄅ-ㄯ]+|[一-龥぀-ゟ゠-ヿ]+
constexpr Alternative kYoutuCjkRegex[] = {
    sequence(one_or_more(CharClass::in(kHangulRanges))),
    sequence(one_or_more(CharClass::in(kCjkPunctuationRanges))),
    sequence(one_or_more(CharClass::in(kBopomofoRanges))),
    sequence(one_or_more(kHanKana)),
};
// [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|...)?|
// [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|...)?|
// \p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
// llama.cpp's collapsed regexes cannot tell letter cases apart, so both
// bracket classes are [\p{L}\p{M}] there.
constexpr Alternative kYoutuRegex[] = {
    sequence(maybe(kNotNewlineLetterNumber), zero_or_more(kLetterOrMark),
             one_or_more(kLetterOrMark), maybe_contraction(kAnyCase)),
    sequence(maybe(kNotNewlineLetterNumber), one_or_more(kLetterOrMark),
             zero_or_more(kLetterOrMark), maybe_contraction(kAnyCase)),
    sequence(one(kNumber)),
    sequence(maybe(kSpace), one_or_more(kNotWhitespaceLetterNumber), zero_or_more(kNewlineOrSlash)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+|
//  ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
constexpr Alternative kDeepSeekV3WordRegex[] = {
    sequence(one(kAsciiPunctuationOrSymbol), one_or_more(kAsciiLetter)),
    sequence(maybe(kNotNewlineLetterPunctuationSymbol), one_or_more(kLetterOrMark)),
    sequence(maybe(kSpace), one_or_more(kPunctuationOrSymbol), zero_or_more(kNewline)),
    sequence(zero_or_more(kWhitespace), one_or_more(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// As deepseek-v3's, with punctuation runs not taking newlines and each
// newline its own piece: ...| ?[\p{P}\p{S}]+|[\r\n]|\s+(?!\S)|\s+
constexpr Alternative kSpark25WordRegex[] = {
    sequence(one(kAsciiPunctuationOrSymbol), one_or_more(kAsciiLetter)),
    sequence(maybe(kNotNewlineLetterPunctuationSymbol), one_or_more(kLetterOrMark)),
    sequence(maybe(kSpace), one_or_more(kPunctuationOrSymbol)),
    sequence(one(kNewline)),
    sequence(one_or_more(kWhitespace)).followed_by(kNoNonWhitespaceAfter),
    sequence(one_or_more(kWhitespace)),
};

// Single-regex passes shared by several families.
constexpr Alternative kOneNumber[] = {sequence(one(kNumber))};                      // \p{N}
constexpr Alternative kNumbers[] = {sequence(one_or_more(kNumber))};                // \p{N}+
constexpr Alternative kUpToThreeNumbers[] = {sequence(repeat(kNumber, 1, 3))};      // \p{N}{1,3}
constexpr Alternative kThreeAsciiDigits[] = {sequence(repeat(kAsciiDigit, 3, 3))};  // [0-9]{3}
constexpr Alternative kOneNewline[] = {sequence(one(kNewline))};                    // [\r\n]
constexpr Alternative kHanKanaRun[] = {sequence(one_or_more(kHanKana))};
constexpr Alternative kDeepSeekCjkRun[] = {sequence(one_or_more(kDeepSeekCjk))};
// [\p{P}\$\+<=>\^~\|`]+
constexpr Alternative kFalconPunctuation[] = {
    sequence(one_or_more(kPunctuation | CharClass::of("$+<=>^~|`")))};
// [\p{P}\$\+<=>\^~\|]+
constexpr Alternative kDefaultPunctuation[] = {
    sequence(one_or_more(kPunctuation | CharClass::of("$+<=>^~|")))};
//  ?[^(\s|.,!?…。，、।۔،)]+
constexpr Alternative kPoroRegex[] = {sequence(maybe(kSpace), one_or_more(kNotPoroStop))};
// [^\n]+|[\n]+
constexpr Alternative kLines[] = {sequence(one_or_more(kNotNewline)),
                                  sequence(one_or_more(kLineFeed))};
// \s?[A-Za-zµÀ-ÖØ-öø-ƺ...]+
constexpr Alternative kDeepSeekLetters[] = {
    sequence(maybe(kWhitespace), one_or_more(kDeepSeekLetter))};
// \s?[!-/:-~！-／：-～‘-‟　-。]+
constexpr Alternative kDeepSeekPunctuationRun[] = {
    sequence(maybe(kWhitespace), one_or_more(kDeepSeekPunctuation))};
// \s+$
constexpr Alternative kTrailingWhitespace[] = {
    sequence(one_or_more(kWhitespace)).followed_by(Lookahead::end_of_piece)};
// \s?\p{L}+ and \s?\p{P}+
constexpr Alternative kSpacedLetters[] = {sequence(maybe(kWhitespace), one_or_more(kLetter))};
constexpr Alternative kSpacedPunctuation[] = {
    sequence(maybe(kWhitespace), one_or_more(kPunctuation))};

constexpr Pass kGpt2[] = {kGpt2Regex};
constexpr Pass kLlama3[] = {kLlama3Regex};
constexpr Pass kJais2[] = {kJais2Regex};
constexpr Pass kQwen2[] = {kQwen2Regex};
constexpr Pass kQwen35[] = {kQwen35Regex};
constexpr Pass kUfakzeka[] = {kUfakzekaRegex};
constexpr Pass kBailingMoe[] = {kBailingMoeRegex};
constexpr Pass kSeedCoder[] = {kSeedCoderRegex};
constexpr Pass kMiniCpm5[] = {kUpToThreeNumbers, kMiniCpm5Regex};
constexpr Pass kTekken[] = {kTekkenRegex};
constexpr Pass kGpt4o[] = {kGpt4oRegex};
constexpr Pass kGraniteEmbedMulti[] = {kGraniteEmbedMultiRegex};
constexpr Pass kYoutu[] = {kYoutuCjkRegex, kYoutuRegex};
constexpr Pass kStarCoder[] = {kOneNumber, kGpt2Regex};
constexpr Pass kFalcon[] = {kFalconPunctuation, kGpt2Regex, kThreeAsciiDigits};
constexpr Pass kDefault[] = {kDefaultPunctuation, kGpt2Regex, kNumbers, kThreeAsciiDigits};
constexpr Pass kDeepSeekLlm[] = {kOneNewline,         kDeepSeekLetters, kDeepSeekPunctuationRun,
                                 kTrailingWhitespace, kDeepSeekCjkRun,  kNumbers};
constexpr Pass kDeepSeekCoder[] = {kOneNewline, kSpacedLetters, kSpacedPunctuation, kDeepSeekCjkRun,
                                   kOneNumber};
constexpr Pass kDeepSeekV3[] = {kUpToThreeNumbers, kHanKanaRun, kDeepSeekV3WordRegex};
constexpr Pass kSpark25[] = {kUpToThreeNumbers, kHanKanaRun, kSpark25WordRegex, kOneNumber};
constexpr Pass kPoro[] = {kPoroRegex};
constexpr Pass kViking[] = {kPoroRegex, kOneNumber};
constexpr Pass kLaguna[] = {kLines, kQwen2Regex};

constexpr std::string_view kDefaultNames[] = {"default"};
constexpr std::string_view kGpt2Names[] = {
    "gpt-2",   "phi-2",  "jina-es",     "jina-de",    "gigachat",       "jina-v2-es",  "jina-v2-de",
    "a.x-4.0", "mellum", "modern-bert", "jina-v1-en", "jina-v2-code",   "roberta-bpe", "exaone4",
    "mpt",     "olmo",   "jais",        "trillion",   "granite-docling"};
constexpr std::string_view kLlama3Names[] = {"llama3",   "llama-v3",  "llama-bpe",
                                             "falcon3",  "falcon-h1", "pixtral",
                                             "midm-2.0", "lfm2",      "jina-v5-nano"};
// The llama3 regex without ignore_merges.
constexpr std::string_view kLlama3RegexNames[] = {"dbrx", "smaug-bpe", "glm4", "chatglm-bpe"};
constexpr std::string_view kJais2Names[] = {"jais-2"};
constexpr std::string_view kQwen2Names[] = {"qwen2",   "deepseek-r1-qwen", "kormo",
                                            "f2llmv2", "megrez",           "stablelm2",
                                            "hunyuan", "solar-open",       "grok-2"};
constexpr std::string_view kQwen35Names[] = {"qwen35"};
constexpr std::string_view kUfakzekaNames[] = {"ufakzeka"};
constexpr std::string_view kBailingMoeNames[] = {"bailingmoe", "bailingmoe2", "llada-moe"};
constexpr std::string_view kSeedCoderNames[] = {"seed-coder"};
constexpr std::string_view kMiniCpm5Names[] = {"minicpm5"};
constexpr std::string_view kTekkenNames[] = {"tekken"};
constexpr std::string_view kGpt4oNames[] = {"gpt-4o", "llama4", "kanana2", "talkie", "minimax-m2"};
constexpr std::string_view kGraniteEmbedMultiNames[] = {"granite-embed-multi-97m"};
constexpr std::string_view kYoutuNames[] = {"youtu"};
constexpr std::string_view kStarCoderNames[] = {"starcoder", "refact", "command-r",  "smollm",
                                                "codeshell", "exaone", "minerva-7b", "mellum2"};
constexpr std::string_view kFalconNames[] = {"falcon"};
constexpr std::string_view kDeepSeekLlmNames[] = {"deepseek-llm"};
constexpr std::string_view kDeepSeekCoderNames[] = {"deepseek-coder"};
constexpr std::string_view kDeepSeekV3Names[] = {"deepseek-v3", "hunyuan-dense", "hy_v4",
                                                 "joyai-llm"};
constexpr std::string_view kSpark25Names[] = {"spark2_5"};
constexpr std::string_view kPoroNames[] = {"poro-chat", "bloom", "gpt3-finnish"};
constexpr std::string_view kVikingNames[] = {"viking"};
constexpr std::string_view kLagunaNames[] = {"laguna"};

constexpr PreTokenizerFamily kFamilies[] = {
    {kDefaultNames, kDefault},
    {kGpt2Names, kGpt2},
    {kLlama3Names, kLlama3, true},
    {kLlama3RegexNames, kLlama3},
    {kJais2Names, kJais2},
    {kQwen2Names, kQwen2},
    {kQwen35Names, kQwen35},
    {kUfakzekaNames, kUfakzeka},
    {kBailingMoeNames, kBailingMoe},
    {kSeedCoderNames, kSeedCoder},
    {kMiniCpm5Names, kMiniCpm5, true},
    {kTekkenNames, kTekken, true},
    {kGpt4oNames, kGpt4o},
    {kGraniteEmbedMultiNames, kGraniteEmbedMulti, true},
    {kYoutuNames, kYoutu, true},
    {kStarCoderNames, kStarCoder},
    {kFalconNames, kFalcon},
    {kDeepSeekLlmNames, kDeepSeekLlm},
    {kDeepSeekCoderNames, kDeepSeekCoder},
    {kDeepSeekV3Names, kDeepSeekV3},
    {kSpark25Names, kSpark25},
    {kPoroNames, kPoro},
    {kVikingNames, kViking},
    {kLagunaNames, kLaguna},
};

}  // namespace

const PreTokenizerFamily* find_pre_tokenizer_family(std::string_view name) noexcept {
  const std::string_view wanted = name.empty() ? std::string_view("default") : name;
  for (const PreTokenizerFamily& family : kFamilies) {
    if (std::find(family.names.begin(), family.names.end(), wanted) != family.names.end()) {
      return &family;
    }
  }
  return nullptr;
}

std::span<const PreTokenizerFamily> pre_tokenizer_families() noexcept {
  return kFamilies;
}

}  // namespace hearth::tokenizer::detail
