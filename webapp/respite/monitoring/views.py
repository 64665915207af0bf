"""Routes of Steuntje in de rug: monitoring. Figures per gemeente and quarter for the coordinators of a meldpunt
(their own gemeenten only; anyone else gets 404), with charts and a CSV download. Counts only, never names."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from webapp.clock import today
from webapp.db import get_session
from webapp.respite.choices import END_REASONS
from webapp.respite.monitoring import charts, services
from webapp.respite.monitoring.forms import FilterForm

# The page is /meldpunt/monitoring and its CSV /meldpunt/monitoring.csv (a prefix of /meldpunt/monitoring would
# make the second one /meldpunt/monitoring/.csv).
bp = Blueprint("respite_monitoring", __name__, url_prefix="/meldpunt")


def _filtered() -> tuple[services.Report, FilterForm, services.Quarter | None, int | None]:
    """The meldpunt's report and the filter as asked. A gemeente that is not the meldpunt's answers 404."""
    report = services.report(get_session(), current_user)
    form = FilterForm(request.args)
    form.kwartaal.choices = [("", _("Alle kwartalen"))] + [
        (q.code, charts.quarter_label(q)) for q in reversed(report.quarters)
    ]
    form.gemeente.choices = [("", _("Alle gemeenten"))] + [
        (str(g.id), g.name) for g in report.gemeenten if g.id is not None
    ]
    gemeente_id = None
    if form.gemeente.data:
        if not form.gemeente.data.isdigit() or report.gemeente(int(form.gemeente.data)) is None:
            raise NotFound()
        gemeente_id = int(form.gemeente.data)
    quarter = None
    if form.validate() and form.kwartaal.data:
        quarter = services.Quarter.parse(form.kwartaal.data)
    return report, form, quarter, gemeente_id


@bp.route("/monitoring")
def index():
    report, form, quarter, gemeente_id = _filtered()
    shown_quarter = quarter or (report.quarters[-1] if report.quarters else None)
    series = report.series(gemeente_id)
    chart_list = []
    if shown_quarter is not None and report.gemeenten:
        chart_list.append(charts.pool_chart(report.select(shown_quarter, gemeente_id), shown_quarter))
        chart_list.append(
            charts.per_quarter_chart(
                "chart-requests",
                _("Nieuwe aanvragen per kwartaal"),
                _("Hoeveel gezinnen in elk kwartaal een aanvraag voor een steungezin stuurden."),
                series,
                lambda row: row.requests,
            )
        )
        chart_list.append(
            charts.per_quarter_chart(
                "chart-active",
                _("Actieve matches aan het eind van elk kwartaal"),
                _("Hoeveel gezinnen aan het eind van het kwartaal een steungezin hadden (proefperiode of lopend)."),
                series,
                lambda row: row.active,
            )
        )
        reasons_row = next((row for row in series if row.quarter == shown_quarter), None)
        if reasons_row is not None and reasons_row.ended != 0:  # nothing ended: no chart of zeros
            chart_list.append(charts.reasons_chart(reasons_row))
    tables = [(q, report.select(q, gemeente_id)) for q in reversed(report.quarters) if quarter is None or q == quarter]
    return render_template(
        "respite/monitoring/index.html",
        report=report,
        form=form,
        charts=chart_list,
        tables=tables,
        shown_quarter=shown_quarter,
        gemeente_name=charts.gemeente_name,
        cell_text=charts.cell_text,
        number=charts.number,
        quarter_label=charts.quarter_label,
        end_reasons=END_REASONS,
        pool_target=services.POOL_TARGET,
        csv_args={k: v for k, v in (("kwartaal", quarter.code if quarter else ""), ("gemeente", gemeente_id)) if v},
    ), (400 if form.errors else 200)


@bp.route("/monitoring.csv")
def csv():
    report, form, quarter, gemeente_id = _filtered()
    if form.errors:
        return Response(" ".join(str(e) for e in form.kwartaal.errors), status=400, mimetype="text/plain")
    filename = f"steuntje-monitoring-{today().isoformat()}.csv"
    return Response(
        services.csv_text(report.select(quarter, gemeente_id)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"},
    )
