"""Reading an extract as a table of text cells: CSV and XLSX through Vigil's tabular reader
(its limits, encodings and header detection), Parquet through DuckDB."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext as _

from vigil.core import tabular
from vigil.core.limits import Limits, UploadRefused, check_size
from vigil.registers import workcopy

PARQUET_MAGIC = b"PAR1"


class RegisterFileError(ValueError):
    """The file as a whole cannot be read; the message says why."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _read_parquet(content: bytes) -> tabular.Table:
    limits = Limits.current()
    check_size(len(content), limits=limits)
    with workcopy.private_dir() as folder:
        path = folder / "upload.parquet"
        path.write_bytes(content)
        con = workcopy.connect()
        try:
            relation = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
            headers = [str(column[0]) for column in relation.description or []]
            rows = relation.fetchmany(limits.table_rows + 1)
        except Exception as error:  # DuckDB raises many kinds for a damaged file
            raise RegisterFileError(_("The file is not a readable Parquet file.")) from error
        finally:
            con.close()
    if len(rows) > limits.table_rows:
        raise RegisterFileError(
            _("The file has more than %(n)s rows; split it into smaller files.")
            % {"n": limits.table_rows}
        )
    return tabular.Table(headers, [[_text(v) for v in row] for row in rows])


def read_upload(content: bytes, filename: str) -> tabular.Table:
    """The extract's table, or RegisterFileError naming why it cannot be read."""
    try:
        if content[:4] == PARQUET_MAGIC or filename.lower().endswith(".parquet"):
            return _read_parquet(content)
        return tabular.read_table(content, filename)
    except tabular.TableError as error:
        raise RegisterFileError(str(error)) from error
    except UploadRefused as error:
        raise RegisterFileError(str(error)) from error
