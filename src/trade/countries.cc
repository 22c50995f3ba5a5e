// The country table: Correlates of War state codes, ISO 3166-1 alpha-3 codes and names.
//
// Source: Correlates of War Project (2017), "State System Membership List, v2016",
// http://correlatesofwar.org (states2016.csv): every state in the system in 2016 (195:
// the 193 UN members, Kosovo and Taiwan), plus the historic states that the COW trade
// data (Barbieri & Keshk 2016) uses after 1945 or that matter for 1990-2014 (West and East
// Germany, Czechoslovakia, the Yemens, South Vietnam, Zanzibar) and a few pre-1945 ones
// (Austria-Hungary, Korea). COW keeps one code across a change of regime or name: 255 is
// Germany before 1945 and after 1990, 365 Russia and the Soviet Union, 345 Yugoslavia and
// then Serbia. ISO codes are the current ISO 3166-1 ones; a historic state gets its ISO
// 3166-3 code where one exists and none (empty) where the code passed to a successor.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/text.h"
#include "parley/trade.h"

namespace parley::trade {

namespace {

struct CountryEntry {
  int cow;
  const char* iso3;
  const char* name;
};

// clang-format off
constexpr CountryEntry kCountries[] = {
    // Americas
    {2, "USA", "United States"},         {20, "CAN", "Canada"},
    {31, "BHS", "Bahamas"},              {40, "CUB", "Cuba"},
    {41, "HTI", "Haiti"},                {42, "DOM", "Dominican Republic"},
    {51, "JAM", "Jamaica"},              {52, "TTO", "Trinidad and Tobago"},
    {53, "BRB", "Barbados"},             {54, "DMA", "Dominica"},
    {55, "GRD", "Grenada"},              {56, "LCA", "Saint Lucia"},
    {57, "VCT", "Saint Vincent and the Grenadines"},
    {58, "ATG", "Antigua and Barbuda"},  {60, "KNA", "Saint Kitts and Nevis"},
    {70, "MEX", "Mexico"},               {80, "BLZ", "Belize"},
    {90, "GTM", "Guatemala"},            {91, "HND", "Honduras"},
    {92, "SLV", "El Salvador"},          {93, "NIC", "Nicaragua"},
    {94, "CRI", "Costa Rica"},           {95, "PAN", "Panama"},
    {100, "COL", "Colombia"},            {101, "VEN", "Venezuela"},
    {110, "GUY", "Guyana"},              {115, "SUR", "Suriname"},
    {130, "ECU", "Ecuador"},             {135, "PER", "Peru"},
    {140, "BRA", "Brazil"},              {145, "BOL", "Bolivia"},
    {150, "PRY", "Paraguay"},            {155, "CHL", "Chile"},
    {160, "ARG", "Argentina"},           {165, "URY", "Uruguay"},
    // Europe
    {200, "GBR", "United Kingdom"},      {205, "IRL", "Ireland"},
    {210, "NLD", "Netherlands"},         {211, "BEL", "Belgium"},
    {212, "LUX", "Luxembourg"},          {220, "FRA", "France"},
    {221, "MCO", "Monaco"},              {223, "LIE", "Liechtenstein"},
    {225, "CHE", "Switzerland"},         {230, "ESP", "Spain"},
    {232, "AND", "Andorra"},             {235, "PRT", "Portugal"},
    {255, "DEU", "Germany"},             {260, "", "West Germany"},
    {265, "DDR", "East Germany"},        {290, "POL", "Poland"},
    {300, "", "Austria-Hungary"},        {305, "AUT", "Austria"},
    {310, "HUN", "Hungary"},             {315, "CSK", "Czechoslovakia"},
    {316, "CZE", "Czech Republic"},      {317, "SVK", "Slovakia"},
    {325, "ITA", "Italy"},               {331, "SMR", "San Marino"},
    {338, "MLT", "Malta"},               {339, "ALB", "Albania"},
    {341, "MNE", "Montenegro"},          {343, "MKD", "Macedonia"},
    {344, "HRV", "Croatia"},             {345, "SRB", "Yugoslavia"},
    {346, "BIH", "Bosnia and Herzegovina"},
    {347, "XKX", "Kosovo"},  // XKX: not ISO; the user-assigned code the EU and IMF use
    {349, "SVN", "Slovenia"},
    {350, "GRC", "Greece"},              {352, "CYP", "Cyprus"},
    {355, "BGR", "Bulgaria"},            {359, "MDA", "Moldova"},
    {360, "ROU", "Romania"},             {365, "RUS", "Russia"},
    {366, "EST", "Estonia"},             {367, "LVA", "Latvia"},
    {368, "LTU", "Lithuania"},           {369, "UKR", "Ukraine"},
    {370, "BLR", "Belarus"},             {371, "ARM", "Armenia"},
    {372, "GEO", "Georgia"},             {373, "AZE", "Azerbaijan"},
    {375, "FIN", "Finland"},             {380, "SWE", "Sweden"},
    {385, "NOR", "Norway"},              {390, "DNK", "Denmark"},
    {395, "ISL", "Iceland"},
    // Africa
    {402, "CPV", "Cape Verde"},          {403, "STP", "Sao Tome and Principe"},
    {404, "GNB", "Guinea-Bissau"},       {411, "GNQ", "Equatorial Guinea"},
    {420, "GMB", "Gambia"},              {432, "MLI", "Mali"},
    {433, "SEN", "Senegal"},             {434, "BEN", "Benin"},
    {435, "MRT", "Mauritania"},          {436, "NER", "Niger"},
    {437, "CIV", "Ivory Coast"},         {438, "GIN", "Guinea"},
    {439, "BFA", "Burkina Faso"},        {450, "LBR", "Liberia"},
    {451, "SLE", "Sierra Leone"},        {452, "GHA", "Ghana"},
    {461, "TGO", "Togo"},                {471, "CMR", "Cameroon"},
    {475, "NGA", "Nigeria"},             {481, "GAB", "Gabon"},
    {482, "CAF", "Central African Republic"},
    {483, "TCD", "Chad"},                {484, "COG", "Congo"},
    {490, "COD", "Democratic Republic of the Congo"},
    {500, "UGA", "Uganda"},              {501, "KEN", "Kenya"},
    {510, "TZA", "Tanzania"},            {511, "", "Zanzibar"},
    {516, "BDI", "Burundi"},             {517, "RWA", "Rwanda"},
    {520, "SOM", "Somalia"},             {522, "DJI", "Djibouti"},
    {530, "ETH", "Ethiopia"},            {531, "ERI", "Eritrea"},
    {540, "AGO", "Angola"},              {541, "MOZ", "Mozambique"},
    {551, "ZMB", "Zambia"},              {552, "ZWE", "Zimbabwe"},
    {553, "MWI", "Malawi"},              {560, "ZAF", "South Africa"},
    {565, "NAM", "Namibia"},             {570, "LSO", "Lesotho"},
    {571, "BWA", "Botswana"},            {572, "SWZ", "Swaziland"},
    {580, "MDG", "Madagascar"},          {581, "COM", "Comoros"},
    {590, "MUS", "Mauritius"},           {591, "SYC", "Seychelles"},
    {600, "MAR", "Morocco"},             {615, "DZA", "Algeria"},
    {616, "TUN", "Tunisia"},             {620, "LBY", "Libya"},
    {625, "SDN", "Sudan"},               {626, "SSD", "South Sudan"},
    // Middle East
    {630, "IRN", "Iran"},                {640, "TUR", "Turkey"},
    {645, "IRQ", "Iraq"},                {651, "EGY", "Egypt"},
    {652, "SYR", "Syria"},               {660, "LBN", "Lebanon"},
    {663, "JOR", "Jordan"},              {666, "ISR", "Israel"},
    {670, "SAU", "Saudi Arabia"},        {678, "", "Yemen Arab Republic"},
    {679, "YEM", "Yemen"},               {680, "YMD", "Yemen People's Republic"},
    {690, "KWT", "Kuwait"},              {692, "BHR", "Bahrain"},
    {694, "QAT", "Qatar"},               {696, "ARE", "United Arab Emirates"},
    {698, "OMN", "Oman"},
    // Asia
    {700, "AFG", "Afghanistan"},         {701, "TKM", "Turkmenistan"},
    {702, "TJK", "Tajikistan"},          {703, "KGZ", "Kyrgyzstan"},
    {704, "UZB", "Uzbekistan"},          {705, "KAZ", "Kazakhstan"},
    {710, "CHN", "China"},               {712, "MNG", "Mongolia"},
    {713, "TWN", "Taiwan"},              {730, "", "Korea"},
    {731, "PRK", "North Korea"},         {732, "KOR", "South Korea"},
    {740, "JPN", "Japan"},               {750, "IND", "India"},
    {760, "BTN", "Bhutan"},              {770, "PAK", "Pakistan"},
    {771, "BGD", "Bangladesh"},          {775, "MMR", "Myanmar"},
    {780, "LKA", "Sri Lanka"},           {781, "MDV", "Maldives"},
    {790, "NPL", "Nepal"},               {800, "THA", "Thailand"},
    {811, "KHM", "Cambodia"},            {812, "LAO", "Laos"},
    {816, "VNM", "Vietnam"},             {817, "", "Republic of Vietnam"},
    {820, "MYS", "Malaysia"},            {830, "SGP", "Singapore"},
    {835, "BRN", "Brunei"},              {840, "PHL", "Philippines"},
    {850, "IDN", "Indonesia"},           {860, "TLS", "East Timor"},
    // Oceania
    {900, "AUS", "Australia"},           {910, "PNG", "Papua New Guinea"},
    {920, "NZL", "New Zealand"},         {935, "VUT", "Vanuatu"},
    {940, "SLB", "Solomon Islands"},     {946, "KIR", "Kiribati"},
    {947, "TUV", "Tuvalu"},              {950, "FJI", "Fiji"},
    {955, "TON", "Tonga"},               {970, "NRU", "Nauru"},
    {983, "MHL", "Marshall Islands"},    {986, "PLW", "Palau"},
    {987, "FSM", "Federated States of Micronesia"},
    {990, "WSM", "Samoa"},
};
// clang-format on

// Other names people type, each for the COW code it means (current or COW spellings and
// ISO 3166-3 codes of predecessors whose COW code continued).
struct Alias {
  const char* name;
  int cow;
};
constexpr Alias kAliases[] = {
    {"United States of America", 2},
    {"US", 2},
    {"America", 2},
    {"UK", 200},
    {"Britain", 200},
    {"Great Britain", 200},
    {"German Federal Republic", 260},
    {"German Democratic Republic", 265},
    {"Czechia", 316},
    {"North Macedonia", 343},
    {"Serbia", 345},
    {"YUG", 345},
    {"Serbia and Montenegro", 345},
    {"Soviet Union", 365},
    {"USSR", 365},
    {"SUN", 365},
    {"Cabo Verde", 402},
    {"Cote d'Ivoire", 437},
    {"Congo-Brazzaville", 484},
    {"Republic of the Congo", 484},
    {"DR Congo", 490},
    {"DRC", 490},
    {"Congo-Kinshasa", 490},
    {"Zaire", 490},
    {"Eswatini", 572},
    {"North Yemen", 678},
    {"South Yemen", 680},
    {"UAE", 696},
    {"PRC", 710},
    {"People's Republic of China", 710},
    {"Republic of China", 713},
    {"DPRK", 731},
    {"Democratic People's Republic of Korea", 731},
    {"ROK", 732},
    {"Republic of Korea", 732},
    {"Korea, Republic of", 732},
    {"Burma", 775},
    {"South Vietnam", 817},
    {"Timor-Leste", 860},
    {"Micronesia", 987},
};

struct Lookup {
  std::unordered_map<int, const CountryEntry*> by_cow;
  std::unordered_map<std::string, int> by_text;  // lower-case ISO3, names and aliases
};

const Lookup& CountryLookup() {
  static const Lookup lookup = [] {
    Lookup built;
    for (const CountryEntry& entry : kCountries) {
      built.by_cow.emplace(entry.cow, &entry);
      if (entry.iso3[0] != '\0') built.by_text.emplace(internal::Lower(entry.iso3), entry.cow);
      built.by_text.emplace(internal::Lower(entry.name), entry.cow);
    }
    for (const Alias& alias : kAliases)
      built.by_text.emplace(internal::Lower(alias.name), alias.cow);
    return built;
  }();
  return lookup;
}

}  // namespace

std::optional<int> FindCountryCode(const std::string& text) {
  const std::string trimmed = internal::Trim(text);
  // Digits are a COW code as is, in the table or not: the trade data also covers states
  // of the nineteenth century (Bavaria 245, Hanover 240, ...) that the table leaves out.
  if (!trimmed.empty() &&
      std::all_of(trimmed.begin(), trimmed.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int code = 0;
    const auto [end, error] =
        std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), code);
    if (error == std::errc() && end == trimmed.data() + trimmed.size() && code >= 1 &&
        code <= 999) {
      return code;
    }
    return std::nullopt;
  }
  const Lookup& lookup = CountryLookup();
  const auto found = lookup.by_text.find(internal::Lower(trimmed));
  if (found == lookup.by_text.end()) return std::nullopt;
  return found->second;
}

int CountryCode(const std::string& text, const std::string& field) {
  if (const std::optional<int> code = FindCountryCode(text)) return *code;
  throw InputError({}, field,
                   fmt::format("unknown country '{}'; expected a COW state code from 1 to 999 "
                               "(e.g. 731), an ISO 3166 alpha-3 code (e.g. PRK) or a name "
                               "(e.g. North Korea)",
                               internal::Trim(text)));
}

std::optional<Country> FindCountry(int cow) {
  const Lookup& lookup = CountryLookup();
  const auto found = lookup.by_cow.find(cow);
  if (found == lookup.by_cow.end()) return std::nullopt;
  return Country{found->second->cow, found->second->iso3, found->second->name};
}

std::vector<Country> AllCountries() {
  std::vector<Country> countries;
  countries.reserve(std::size(kCountries));
  for (const CountryEntry& entry : kCountries) {
    countries.push_back({entry.cow, entry.iso3, entry.name});
  }
  return countries;
}

std::string CountryLabel(int cow) {
  const std::optional<Country> country = FindCountry(cow);
  if (!country) return fmt::format("COW {}", cow);
  return country->iso3.empty() ? country->name : country->iso3;
}

}  // namespace parley::trade
