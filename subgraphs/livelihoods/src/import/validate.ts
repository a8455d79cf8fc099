import { readFileSync } from "node:fs";
import { validateXML } from "xmllint-wasm";

const XSD = new URL("./xsd/", import.meta.url);
const schemaFile = (fileName: string) => ({
  fileName,
  contents: readFileSync(new URL(fileName, XSD), "utf8"),
});

let schemas: { main: ReturnType<typeof schemaFile>; preload: ReturnType<typeof schemaFile>[] } | undefined;

/**
 * Validates an `iati-activities` document against the official IATI 2.03 activity schema (libxml2 through
 * xmllint-wasm, as the export's tests do): libxml2's messages, each with its line, or none for a valid file.
 */
export async function validateIati(fileName: string, xml: string): Promise<string[]> {
  schemas ??= {
    main: schemaFile("iati-activities-schema.xsd"),
    preload: [schemaFile("iati-common.xsd"), schemaFile("xml.xsd")],
  };
  const result = await validateXML({
    xml: { fileName, contents: xml },
    schema: schemas.main,
    preload: schemas.preload,
  });
  return result.valid
    ? []
    : result.errors.map((error) => {
        const line = error.loc?.lineNumber;
        const message = error.message.replace(/^Schemas validity error\s*:\s*/, "").trim();
        return line === undefined ? message : `line ${line}: ${message}`;
      });
}
