"""LibreOffice as a supervisor uses it, headless: Accept All / Reject All
tracked changes (.uno:AcceptAllTrackedChanges) and save, through a Basic
macro in a throw-away user profile. Tests skip when soffice is absent."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Resolve(inPath As String, outDocx As String, outPdf As String, mode As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), &quot;_blank&quot;, 0, args())
  dispatcher = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  frame = doc.getCurrentController().getFrame()
  If mode = &quot;accept&quot; Then
    dispatcher.executeDispatch(frame, &quot;.uno:AcceptAllTrackedChanges&quot;, &quot;&quot;, 0, Array())
  ElseIf mode = &quot;reject&quot; Then
    dispatcher.executeDispatch(frame, &quot;.uno:RejectAllTrackedChanges&quot;, &quot;&quot;, 0, Array())
  End If
  Dim s(0) As New com.sun.star.beans.PropertyValue
  s(0).Name = &quot;FilterName&quot;
  s(0).Value = &quot;MS Word 2007 XML&quot;
  doc.storeToURL(ConvertToURL(outDocx), s())
  Dim p(0) As New com.sun.star.beans.PropertyValue
  p(0).Name = &quot;FilterName&quot;
  p(0).Value = &quot;writer_pdf_Export&quot;
  doc.storeToURL(ConvertToURL(outPdf), p())
  doc.close(True)
End Sub
</script:module>
"""


def run(argv, timeout=120) -> None:
    """soffice in its own process group, all of it ended if it hangs."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def profile(folder: Path) -> Path:
    """A LibreOffice user profile with the macro (made once per folder)."""
    module = folder / "user" / "basic" / "Standard" / "Module1.xba"
    if not module.exists():
        # the first start writes the default profile, Basic library included
        subprocess.run(
            [
                soffice(),
                "--headless",
                "--norestore",
                f"-env:UserInstallation={folder.as_uri()}",
                "--terminate_after_init",
            ],
            capture_output=True,
            timeout=120,
        )
        module.write_text(MACRO, encoding="utf-8")
    return folder


def resolve(docx: Path, mode: str, out_docx: Path, out_pdf: Path | None, folder: Path) -> None:
    """Open ``docx`` in LibreOffice, accept or reject every tracked change
    (mode "accept"/"reject"; anything else: none) and save it as DOCX (and PDF)."""
    prof = profile(folder)
    out_pdf = out_pdf or out_docx.with_suffix(".pdf")  # (an empty argument stops the macro call)
    call = f'macro:///Standard.Module1.Resolve("{docx}","{out_docx}","{out_pdf}","{mode}")'
    run([soffice(), "--headless", "--norestore", f"-env:UserInstallation={prof.as_uri()}", call])
    assert out_docx.exists(), f"LibreOffice did not save {out_docx}"


def to_pdf(docx: Path, outdir: Path) -> Path:
    """``docx`` converted by LibreOffice (--convert-to pdf, a throw-away
    HOME), as a supervisor opening it would see it; the PDF's path."""
    proc = subprocess.run(
        [soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
        capture_output=True,
        timeout=180,
        env={"HOME": str(outdir), "PATH": "/usr/bin:/bin"},
    )
    pdf = outdir / (Path(docx).stem + ".pdf")
    assert proc.returncode == 0 and pdf.exists(), proc.stderr
    return pdf
