// The serial console documents that test/serialConsole/seeds.ts keeps as text are the pages'
// own, character for character: a stray edit to a fixture fails here, not silently in a rule test.
import assert from "node:assert/strict";
import { awsPage } from "../support/awsPages";
import {
  EN_ADMIN,
  EN_EXPLICIT_ALLOW,
  EN_EXPLICIT_DENY,
  EN_TAG_BASED,
  JA_ADMIN,
  JA_EXPLICIT_ALLOW,
  JA_EXPLICIT_DENY,
  JA_TAG_BASED,
} from "./seeds";

describe("serialConsole: the seed documents are the AWS pages' text", () => {
  const pages = {
    "000_6a71920897d72236.txt (EN)": { EN_ADMIN, EN_EXPLICIT_ALLOW, EN_EXPLICIT_DENY, EN_TAG_BASED },
    "001_1b71be580980fc29.txt (JA)": { JA_ADMIN, JA_EXPLICIT_ALLOW, JA_EXPLICIT_DENY, JA_TAG_BASED },
  };
  for (const [page, documents] of Object.entries(pages)) {
    const text = awsPage(page.split(" ")[0]);
    for (const [name, document] of Object.entries(documents)) {
      it(`${name} appears verbatim in ${page}`, () => {
        assert.ok(text.includes(document), `${name} is not in the page's text`);
      });
    }
  }
});
