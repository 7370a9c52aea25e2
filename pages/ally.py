"""Ally view: one Ally's series from NATO's tables, every point one click from its cell."""
import streamlit as st

from defence_figures.app import table_ui, ui
from defence_figures.corpus.render import badge, esc
from defence_figures.nato import queries as q
from defence_figures.nato import table_charts as tc
from defence_figures.nato.workbook import PRICE_BASES

loaded, tables = table_ui.setup()
declared, _ = table_ui.fact_checks(loaded, tables)
revision = table_ui.revision(loaded, tables)
st.title("Ally view")
names = q.allies(tables.frame)
if not names:
    st.warning("NATO's tables are withheld until the problems above are fixed, so no Ally can be shown.",
               icon=":material/table_rows:")
    table_ui.requested_source(loaded, tables)
    ui.footer(loaded)
    st.stop()

requested = ui.id_param("ally")
code = requested.upper() if requested else None
if requested and code not in names:
    ui.not_found("Ally", requested, "tracker", "See every Ally on the 2% tracker")
    code = None
if "ally" not in st.session_state or (code and st.session_state["ally"] != code):
    st.session_state["ally"] = code
top = st.columns([2, 3], gap="large", vertical_alignment="bottom")
with top[1]:
    table_ui.explain_two_percent(tables, revision)
picked = top[0].selectbox(
    "Ally", list(names), key="ally", format_func=lambda c: names[c], index=None, placeholder="Choose an Ally",
    on_change=ui.write_choices_to_url, args=("ally",),
    help="The address bar keeps the Ally's ISO code (?ally=POL), so a copied link opens this view.")
if not picked:
    years = tables.frame["year"]
    st.info(f"Choose an Ally to see its defence spending, share of GDP and personnel from {years.min()} to "
            f"{years.max()}, each value one click from its cell in NATO's tables.", icon=":material/flag:")
    table_ui.requested_source(loaded, tables)
    ui.footer(loaded)
    st.stop()

name = names[picked]
rows = q.ally_rows(tables, picked)
series = {indicator: rows[rows["indicator"] == indicator] for indicator in tables.indicators}
share = series.get("share_of_gdp")
badges = []
if share is not None and not share.empty:
    last = share.iloc[-1]
    badges.append(table_ui.guideline_badge(q.meets_guideline(last["value"]), last["year_label"]))
if bool(rows["national_2pct_law"].any()):
    badges.append(badge("*", "national 2% law or agreement", title=table_ui.NATIONAL_LAW_NOTE))
joined = declared.joined.get(picked)
if joined:
    badges.append(badge("+", f"Ally since {joined}",
                        title=f"NATO's aggregates count it from {joined} (NATO's note, "
                              f"{declared.joined_note_cell}); the tables give its values for every year."))
st.html(f'<h2 style="margin:0.2rem 0">{esc(name)} <span style="font-size:1rem;font-weight:400">'
        f'{esc(picked)}</span></h2><div>{"".join(badges)}</div>')
if joined:
    st.caption(f"{ui.md_escape(name)} became an Ally in {joined}. NATO's tables still give its values "
               f"for earlier years; NATO's totals count it only from {joined} (NATO's note, "
               f"{declared.joined_note_cell}).")

clicked = None
headline = [i for i in ("share_of_gdp", "usd_constant_2015", "real_change", "personnel") if i in series
            and not series[i].empty]
cards = st.columns(max(1, len(headline)))
for column, indicator_id in zip(cards, headline):
    part, indicator = series[indicator_id], tables.indicators[indicator_id]
    last, first = part.iloc[-1], part.iloc[0]
    with column:
        # Money in billions, but a small budget in NATO's own millions: $944 million, not $0.9 billion.
        big = indicator.unit == "usd_million" and float(part["value"].max()) >= 10_000
        value = q.billions(last["value"]) if big else last["shown"]
        before = q.billions(first["value"]) if big else first["shown"]
        label = indicator.label
        compare = "" if indicator_id == "real_change" else f" · {first['year_label']}: {before} ({first['cell']})"
        table_ui.stat(value, f"{label}, {last['year_label']}", f"{last['table']}, {last['cell']}{compare}")
        table_ui.source_button(last["cell"], f"Cell {last['cell']}", f"card-{indicator_id}")

order = [i for i in ("share_of_gdp", "usd_constant_2015", "real_change", "usd_current", "personnel") if i in series]
order += [i for i in series if i not in order]
for start in range(0, len(order), 2):
    columns = st.columns(2, gap="large")
    for column, indicator_id in zip(columns, order[start:start + 2]):
        indicator = tables.indicators[indicator_id]
        with column:
            clicked = table_ui.chart(tc.series_chart(series[indicator_id], indicator, name),
                                     tc.series_text(series[indicator_id], indicator, name),
                                     f"series_{indicator_id}", f"nato-{picked.lower()}-{indicator_id}") or clicked
            if indicator_id == "usd_current":
                st.caption("Each year's own dollars: inflation and exchange rates move them, so compare years "
                           "with the 2015-price chart instead.")
estimates = ", ".join(dict.fromkeys(rows.loc[rows["estimate"], "year_label"]))
st.caption(f"Open markers and hatched bars: NATO's estimates ({estimates}). Click any point to see its cell.")

st.header(f"Every value for {name}")
table = rows.assign(indicator_label=[tables.indicators[i].label for i in rows["indicator"]],
                    prices=[PRICE_BASES[b] for b in rows["price_basis"]])
picked_row = st.dataframe(
    table[["indicator_label", "year_label", "shown", "prices", "cell", "citation"]], hide_index=True,
    key="ally_table", on_select="rerun", selection_mode="single-row", height=38 + 35 * 10,
    column_config={"indicator_label": "Indicator", "year_label": "Year", "shown": "Value",
                   "prices": "Prices", "cell": "Cell",
                   "citation": st.column_config.TextColumn("Citation", width="large")})
clicked = table_ui.table_click("ally_table", picked_row, table, "cell") or clicked
st.caption("Click a row to see its cell. Download exactly these rows, unrounded, with cells and citations:")
ui.download_frame(table.drop(columns=["indicator_label", "prices"]),
                  f"nato-{picked.lower()}-{rows['year'].min()}-{rows['year'].max()}", "ally")
st.page_link(ui.PAGES["tracker"], label="Every Ally against the 2% line", icon=":material/leaderboard:",
             query_params={"year": str(rows["year"].max())})

if clicked:
    table_ui.open_target(clicked)
table_ui.requested_source(loaded, tables)
ui.footer(loaded)
