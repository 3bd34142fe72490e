/// The pages' style sheet, served at `/ui/app.css`.
///
/// Kept as a Swift string rather than a package resource: the `updraft` binary (and every
/// user binary built with the DSL, which links UpdraftServer too) then serves the UI with
/// no resource bundle to install next to it, and the build needs no step of its own.
enum UIStyle {
    static let css = #"""
:root{color-scheme:light dark;--bg:#fff;--fg:#1d2430;--muted:#667085;--line:#d9dee7;--panel:#f6f8fb;--link:#1559b3;--err:#fde8ea;--errfg:#8a1020}
@media (prefers-color-scheme:dark){:root{--bg:#12161d;--fg:#e3e8ef;--muted:#98a2b3;--line:#2c3440;--panel:#1a2029;--link:#7cb4ff;--err:#3b1419;--errfg:#ffb3bd}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);color:var(--fg)}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,[tabindex]:focus-visible{outline:2px solid var(--link);outline-offset:1px}
header.top{display:flex;gap:18px;align-items:center;padding:8px 16px;border-bottom:1px solid var(--line);background:var(--panel)}
header.top .brand{font-weight:700;text-decoration:none;color:var(--fg)}
header.top nav a{margin-right:12px}
header.top .who{margin-left:auto;color:var(--muted)}
main{padding:12px 16px}
h1{font-size:20px;margin:4px 0 10px}
h1 small{font-weight:400;color:var(--muted);font-size:14px}
.tabs a{margin-right:14px}
.tabs a.on{font-weight:700;text-decoration:none;color:var(--fg)}
table.list{border-collapse:collapse;width:100%}
table.list th,table.list td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
table.list th{color:var(--muted);font-weight:600}
table.list code{white-space:nowrap}
.muted{color:var(--muted)}
.tag{display:inline-block;padding:0 6px;margin:0 3px 2px 0;border:1px solid var(--line);border-radius:9px;font-size:12px;text-decoration:none}
.banner{background:var(--err);color:var(--errfg);padding:8px 12px;border-radius:6px;margin:0 0 12px}
.banner pre{margin:4px 0;white-space:pre-wrap}
.sq{display:inline-block;width:11px;height:11px;margin-right:2px;border-radius:2px;background:var(--c,transparent);border:1px solid var(--c,var(--line));vertical-align:middle}
.legend{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0;font-size:12px;color:var(--muted)}
.toolbar{display:flex;gap:10px;align-items:center;margin:6px 0 10px;flex-wrap:wrap}
input[type=search],input[type=text],input[type=number],textarea,select{background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:5px;padding:4px 6px;font:inherit}
button,.button{background:var(--panel);color:var(--fg);border:1px solid var(--line);border-radius:5px;padding:4px 10px;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
button.primary,.button.primary{background:var(--link);color:#fff;border-color:var(--link)}
.wrap{display:flex;gap:12px;align-items:flex-start}
.gridbox{overflow:auto;max-height:calc(100vh - 190px);flex:1}
table.grid{border-collapse:separate;border-spacing:2px}
table.grid th{font-weight:400;text-align:left;white-space:nowrap;padding:0 6px 0 0;position:sticky;left:0;background:var(--bg)}
table.grid thead th{position:sticky;top:0;z-index:1;font-size:11px;writing-mode:vertical-rl;transform:rotate(180deg);height:118px;padding:2px 0}
table.grid td{width:14px;min-width:14px;height:14px;border-radius:3px;background:var(--c,transparent);border:1px solid var(--c,var(--line));cursor:pointer;padding:0}
table.grid td.sel{outline:2px solid var(--fg)}
table.grid tr.grp th{font-weight:700}
table.grid tr.grp th button,table.grid th button.mx{border:0;background:none;padding:0 4px;cursor:pointer;color:var(--muted)}
.ind1{padding-left:14px!important}.ind2{padding-left:28px!important}.ind3{padding-left:42px!important}
aside.panel{width:420px;max-width:45vw;border:1px solid var(--line);border-radius:6px;padding:10px;background:var(--panel);max-height:calc(100vh - 190px);overflow:auto}
aside.panel[hidden]{display:none}
aside.panel h2{font-size:16px;margin:0 0 6px;word-break:break-all}
pre.log{background:var(--bg);border:1px solid var(--line);padding:6px;max-height:45vh;overflow:auto;white-space:pre-wrap;word-break:break-all;font-size:12px}
.tries button.on{font-weight:700;border-color:var(--fg)}
svg.graph text{font-size:12px;fill:var(--fg)}
svg.graph .node rect{fill:var(--bg);stroke:var(--c,var(--line));stroke-width:2}
svg.graph .node rect.st{fill:var(--c,transparent);stroke:none}
svg.graph path{fill:none;stroke:var(--muted);stroke-width:1.2}
svg.graph .box{fill:none;stroke:var(--muted);stroke-dasharray:4 3}
.gantt{position:relative}
.gantt .row{display:flex;align-items:center;height:20px;border-bottom:1px solid var(--line)}
.gantt .label{width:220px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:12px}
.gantt .track{position:relative;flex:1;height:14px}
.gantt .q{position:absolute;height:14px;background:repeating-linear-gradient(45deg,var(--line),var(--line) 3px,transparent 3px,transparent 6px)}
.gantt .b{position:absolute;height:14px;background:var(--c,#888);border-radius:2px;min-width:2px}
form.trigger label{display:block;margin:8px 0 2px;font-weight:600}
form.trigger textarea{width:100%;max-width:640px;min-height:90px;font-family:ui-monospace,monospace}
.error{color:var(--errfg)}
.login{max-width:320px;margin:60px auto}
.login input{width:100%;margin-bottom:8px}
.gauges{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 16px}
.gauges div{border:1px solid var(--line);border-radius:4px;padding:6px 10px;min-width:110px}
.gauges dt{font-size:12px;opacity:.75}.gauges dd{margin:0;font-size:20px;font-variant-numeric:tabular-nums}
"""#
}
