// Annotations saved into a PDF by pdf.js itself (the editor of Firefox's viewer):
// the editors' serialized values put in the annotation storage, then saveDocument(),
// an incremental update. node tests/pdfjs_save.mjs IN.pdf SPEC.json OUT.pdf
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
// PDFJS_DIST: the folder of an installed pdfjs-dist (npm install pdfjs-dist@4.10.38)
const { getDocument, AnnotationEditorType } = await import(
  pathToFileURL(path.join(process.env.PDFJS_DIST, "legacy", "build", "pdf.mjs")).href
);
const [src, specFile, out] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specFile, "utf8"));
const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(src)) }).promise;
spec.forEach((a, i) => {
  const base = { pageIndex: a.page, rect: a.rect, rotation: 0, structTreeParentId: null, id: null };
  let v;
  if (a.type === "highlight") {
    const outlines = [];
    for (let k = 0; k < a.quadPoints.length; k += 8) {
      const q = a.quadPoints.slice(k, k + 8);
      outlines.push([q[4], q[5], q[0], q[1], q[2], q[3], q[6], q[7]]);
    }
    v = { ...base, annotationType: AnnotationEditorType.HIGHLIGHT, color: [255, 255, 152], opacity: 1,
          thickness: 12, quadPoints: a.quadPoints, outlines, user: a.user };
  } else if (a.type === "freetext") {
    v = { ...base, annotationType: AnnotationEditorType.FREETEXT, color: [0, 0, 0], fontSize: 10, value: a.value, user: a.user };
  } else if (a.type === "ink") {
    const pts = a.points;
    const line = [NaN, NaN, NaN, NaN, pts[0], pts[1]];
    for (let k = 2; k < pts.length; k += 2) line.push(NaN, NaN, NaN, NaN, pts[k], pts[k + 1]);
    v = { ...base, annotationType: AnnotationEditorType.INK, color: [255, 0, 0], opacity: 1, thickness: 2,
          paths: { lines: [line], points: [pts] }, user: a.user };
  }
  doc.annotationStorage.setValue(`pdfjs_internal_editor_${i}`, v);
});
const bytes = await doc.saveDocument();
fs.writeFileSync(out, bytes);
await doc.destroy();
