// Reads a .vcf file with ical.js (Thunderbird's parser) and prints each card's properties as JSON:
// [{name, type, values}] per card, values as ical.js decodes them (structured values as arrays).
const fs = require("fs");
const ICAL = require("ical.js");
const parsed = ICAL.parse(fs.readFileSync(process.argv[2], "utf8"));
const cards = typeof parsed[0] === "string" ? [parsed] : parsed;
const out = cards.map((jcard) => new ICAL.Component(jcard).getAllProperties().map((p) => ({
  name: p.name, type: p.type, values: p.getValues().map((v) => (typeof v === "object" && v !== null && !Array.isArray(v) ? v.toString() : v)),
})));
process.stdout.write(JSON.stringify(out));
