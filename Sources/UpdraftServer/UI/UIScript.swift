/// The pages' script, served at `/ui/app.js`: written by hand, no framework, no build step.
/// It never puts a user-supplied string into `innerHTML` (only `textContent` and
/// attributes), so ids, descriptions and log lines stay text.
///
/// Kept as a Swift string for the reason given on ``UIStyle``. The fold order of mapped
/// task states comes from ``StatePalette/foldOrder`` so that the page and the server agree.
enum UIScript {
    static var js: String {
        "const FOLD=[" + StatePalette.foldOrder.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "];\n" + body
    }

    private static let body = #"""
"use strict";
const $=(s,r=document)=>r.querySelector(s), $$=(s,r=document)=>[...r.querySelectorAll(s)];
const enc=encodeURIComponent;
function csrf(){const m=document.cookie.match(/(?:^|; )updraft_csrf=([^;]*)/);return m?decodeURIComponent(m[1]):"";}
async function api(method,path,body){
  const h={"X-CSRF-Token":csrf()}; if(body!==undefined)h["Content-Type"]="application/json";
  const r=await fetch("/api/v1"+path,{method,headers:h,body:body===undefined?undefined:JSON.stringify(body),credentials:"same-origin"});
  const text=await r.text(); let j=null; try{j=text?JSON.parse(text):null}catch(e){}
  if(!r.ok){const e=new Error((j&&j.detail)||(r.status+" "+r.statusText));e.status=r.status;throw e;}
  return j;
}
function el(tag,attrs,...kids){const e=document.createElement(tag);for(const k in attrs||{}){if(k==="text")e.textContent=attrs[k];else e.setAttribute(k,attrs[k]);}for(const c of kids)e.append(c);return e;}
function localTimes(root=document){for(const t of $$("time[datetime]",root)){const d=new Date(t.getAttribute("datetime"));if(!isNaN(d)){t.textContent=d.toLocaleString();t.title=t.getAttribute("datetime")+" (UTC)";}}}
function stateClass(s){return s&&s!=="none"?"s-"+s:"s-none";}
function setState(node,s){for(const c of [...node.classList])if(c.startsWith("s-"))node.classList.remove(c);node.classList.add(stateClass(s));node.dataset.state=s||"";}
function fold(states){const p=new Set(states.map(s=>s||"none"));for(const s of FOLD)if(p.has(s))return s;return states[0]||null;}
function role(){return document.body.dataset.role||"viewer";}
function canOperate(){return role()==="operator"||role()==="admin";}
const DAG=document.body.dataset.dag||"";
// Event -> paint, for the browser tests and `updraft bench ui`: a frame callback runs just
// before the frame that shows the change is drawn; a task queued from it runs once it is.
window.__updraftPaint=[];window.__updraftApplied=[];
function measurePaint(t0,rec){requestAnimationFrame(()=>setTimeout(()=>{const t=performance.now();window.__updraftPaint.push(t-t0);rec.paintAt=performance.timeOrigin+t;},0));}
function liveEvents(onTI,onRun){
  // since: the bus sequence when the page was rendered, so nothing committed between the
  // render and this stream opening is missed (the server replays what it holds after it,
  // or the store's current state when it holds less).
  const since=document.body.dataset.since;
  const es=new EventSource("/api/v1/events?dag_id="+enc(DAG)+(since?"&last_event_id="+enc(since):""));
  es.addEventListener("task_instance",e=>{const t0=performance.now();const ev=JSON.parse(e.data);
    const rec={run:ev.dag_run_id,task:ev.task_id,mi:ev.map_index,state:ev.state,seq:e.lastEventId,at:performance.timeOrigin+t0};
    window.__updraftApplied.push(rec);
    if(window.__updraftApplied.length>5000)window.__updraftApplied.shift();
    onTI(ev);measurePaint(t0,rec);});
  es.addEventListener("dag_run",e=>{onRun&&onRun(JSON.parse(e.data));});
  es.onopen=()=>{const s=$("#live");if(s){s.textContent="live";s.className="live on";}};
  es.onerror=()=>{const s=$("#live");if(s){s.textContent="reconnecting";s.className="live";}};
  // A page left for another stays in the browser's back/forward cache with its streams
  // open, and a browser holds 6 connections per server: after a few pages every request
  // would wait. So streams close when the page is hidden, and a page shown again from that
  // cache reloads (fresh state, new stream).
  window.addEventListener("pagehide",()=>{es.close();closeLog();});
  window.addEventListener("pageshow",e=>{if(e.persisted)location.reload();});
  window.__updraftEvents=es; return es;
}

/* login */
function initLogin(){
  const f=$("#login"); if(!f)return;
  f.addEventListener("submit",async ev=>{ev.preventDefault();const m=$("#loginmsg");m.textContent="";
    try{await api("POST","/auth/login",{username:f.username.value,password:f.password.value});location.reload();}
    catch(e){m.textContent=e.message;}});
}
function initLogout(){const a=$("#logout");if(a)a.addEventListener("click",async ev=>{ev.preventDefault();try{await api("POST","/auth/logout");}catch(e){}location.href="/";});}

/* DAGs list */
function initDags(){
  const q=$("#q"); if(q)q.addEventListener("input",()=>{const v=q.value.toLowerCase();for(const tr of $$("tr[data-search]"))tr.hidden=v!==""&&!tr.dataset.search.includes(v);});
  for(const box of $$("input.pause"))box.addEventListener("change",async()=>{
    try{await api("PATCH","/dags/"+enc(box.dataset.dag),{is_paused:!box.checked});}catch(e){box.checked=!box.checked;alert(e.message);}});
}

/* Grid */
const G={cols:[],cells:new Map(),states:new Map(),sel:null};
function gridIndex(){
  const t=$("#grid"); if(!t)return false;
  G.cols=$$("thead th[data-run]",t).map(th=>th.dataset.run);
  for(const tr of $$("tbody tr[data-t]",t)){
    const key=tr.dataset.t+"|"+(tr.dataset.mi??"-1"); const tds=$$("td",tr);
    tds.forEach((td,i)=>{G.cells.set(G.cols[i]+"\u0000"+key,td);
      const st=td.className.startsWith("s-")?td.className.slice(2):"";
      if(tr.dataset.mi!==undefined&&st&&st!=="none"){const k=G.cols[i]+"\u0000"+tr.dataset.t;if(!G.states.has(k))G.states.set(k,{});G.states.get(k)[tr.dataset.mi]=st;}});
  }
  return true;
}
function addColumn(run,label){
  if(G.cols.includes(run))return; const t=$("#grid");
  const th=el("th",{"data-run":run,title:run},el("a",{href:"?run="+enc(run),text:label||run}));
  $("thead tr",t).append(th); G.cols.push(run);
  for(const tr of $$("tbody tr[data-t]",t)){const td=el("td",{class:"s-none"});tr.append(td);G.cells.set(run+"\u0000"+tr.dataset.t+"|"+(tr.dataset.mi??"-1"),td);}
}
function applyTI(ev){
  const run=ev.dag_run_id; if(!G.cols.includes(run))addColumn(run);
  const mi=ev.map_index??-1;
  if(mi>=0){const k=run+"\u0000"+ev.task_id;if(!G.states.has(k))G.states.set(k,{});const m=G.states.get(k);m[mi]=ev.state;
    const child=G.cells.get(run+"\u0000"+ev.task_id+"|"+mi);if(child)setState(child,ev.state);
    const sum=G.cells.get(run+"\u0000"+ev.task_id+"|-1");if(sum)setState(sum,fold(Object.values(m)));}
  else{const k=run+"\u0000"+ev.task_id;if(G.states.has(k)&&Object.keys(G.states.get(k)).length)return;
    const td=G.cells.get(run+"\u0000"+ev.task_id+"|-1");if(td)setState(td,ev.state);}
  if(G.sel&&G.sel.run===run&&G.sel.task===ev.task_id)refreshPanelHead();
}
function toggleGroup(btn){const tr=btn.closest("tr");const g=tr.dataset.g;const open=btn.getAttribute("aria-expanded")!=="true";
  btn.setAttribute("aria-expanded",open?"true":"false");btn.textContent=open?"▾":"▸";
  for(const r of $$("tbody tr[data-in]")){const inside=r.dataset.in.split(" ").includes(g);if(!inside)continue;
    if(!open)r.hidden=true;else{r.hidden=r.dataset.mi!==undefined&&!r.dataset.open;const gs=r.dataset.in.split(" ");
      for(const b of $$("tr.grp button[aria-expanded=false]")){if(gs.includes(b.closest("tr").dataset.g))r.hidden=true;}}}}
function toggleMapped(btn){const tr=btn.closest("tr");const t=tr.dataset.t;const open=btn.getAttribute("aria-expanded")!=="true";
  btn.setAttribute("aria-expanded",open?"true":"false");btn.textContent=open?"▾":"▸";
  for(const r of $$("tbody tr[data-mi]"))if(r.dataset.t===t){r.hidden=!open;if(open)r.dataset.open="1";else delete r.dataset.open;}}
function cellInfo(td){const tr=td.closest("tr");const i=[...tr.children].indexOf(td)-1;return{run:G.cols[i],task:tr.dataset.t,mi:Number(tr.dataset.mi??-1),mapped:tr.dataset.mapped==="1"};}
function selectCell(td){
  if(G.selTd)G.selTd.classList.remove("sel"); G.selTd=td; td.classList.add("sel");
  const c=cellInfo(td); if(c.mapped&&c.mi<0){const b=$("button.mx",td.closest("tr"));if(b&&b.getAttribute("aria-expanded")!=="true")toggleMapped(b);
    const child=G.cells.get(c.run+"\u0000"+c.task+"|0"); if(child){selectCell(child);return;}}
  openPanel(c.run,c.task,c.mi);
}
function tiPath(run,task){return "/dags/"+enc(DAG)+"/dagRuns/"+enc(run)+"/taskInstances/"+enc(task);}
let logSource=null;
function closeLog(){if(logSource){logSource.close();logSource=null;}}
// The panel's state and tries again (after an event for its cell or a mark), keeping the chosen try.
async function refreshPanelHead(){
  const s=G.sel; if(!s)return; try{const ti=await api("GET",tiPath(s.run,s.task)+"?map_index="+s.mi);if(G.sel!==s)return;
    const st=$("#p-state");st.textContent=ti.state||"none";setState(st,ti.state);await renderTries(s.run,s.task,s.mi,ti);}catch(e){}
}
async function renderTries(run,task,mi,ti){
  const tries=await api("GET",tiPath(run,task)+"/tries?map_index="+mi);
  const on=$("#p-tries button.on"), chosen=on?on.dataset.try:null, box=$("#p-tries");
  const table=el("table",{class:"list"},el("tr",{},...["try","state","start","end","duration","worker","host"].map(h=>el("th",{text:h}))));
  for(const t of tries.task_instances){
    const b=el("button",{type:"button","data-try":String(t.try_number),text:"try "+t.try_number});
    if(String(t.try_number)===chosen)b.classList.add("on");
    b.addEventListener("click",()=>showLog(run,task,mi,t.try_number,ti));
    const tm=d=>{if(!d)return el("span",{text:"–"});const x=el("time",{datetime:d});x.textContent=d;return x;};
    table.append(el("tr",{"data-try":String(t.try_number)},el("td",{},b),el("td",{text:t.state||(t.try_number<ti.try_number?"earlier try":"–")}),el("td",{},tm(t.start_date)),el("td",{},tm(t.end_date)),
      el("td",{text:t.duration!=null?t.duration.toFixed(1)+" s":"–"}),el("td",{text:t.worker_id||"–"}),el("td",{text:t.hostname||"–"})));
  }
  box.replaceChildren(table); localTimes(box);
  if(ti.error_message)box.append(el("p",{class:"error",text:ti.error_message}));
}
async function openPanel(run,task,mi){
  const p=$("#panel"); p.hidden=false; closeLog(); G.sel={run,task,mi};
  $("#p-title").textContent=task+(mi>=0?" ["+mi+"]":""); $("#p-run").textContent=run;
  for(const id of ["#p-tries","#p-xcom","#p-log","#p-msg"])$(id).textContent="";
  $("#p-actions").hidden=!canOperate();
  let ti;
  try{ti=await api("GET",tiPath(run,task)+"?map_index="+mi);await renderTries(run,task,mi,ti);}
  catch(e){$("#p-state").textContent=e.status===404?"no task instance yet":e.message;setState($("#p-state"),null);return;}
  const st=$("#p-state");st.textContent=ti.state||"none";setState(st,ti.state);
  try{const x=await api("GET",tiPath(run,task)+"/xcomEntries?map_index="+mi);
    for(const e of x.xcom_entries)$("#p-xcom").append(el("div",{},el("b",{text:e.key+": "}),el("code",{text:JSON.stringify(e.value)})));
    if(!x.xcom_entries.length)$("#p-xcom").textContent="none";}catch(e){}
  if(ti.try_number>0)showLog(run,task,mi,ti.try_number,ti);
}
async function showLog(run,task,mi,tryNo,ti){
  closeLog(); for(const b of $$("#p-tries button"))b.classList.toggle("on",b.dataset.try===String(tryNo));
  const pre=$("#p-log"); pre.textContent=""; $("#p-older").hidden=true;
  const q="/ui/log?dag_id="+enc(DAG)+"&run_id="+enc(run)+"&task_id="+enc(task)+"&try="+tryNo+"&map_index="+mi;
  let chunk; try{const r=await fetch(q,{credentials:"same-origin"});chunk=await r.json();if(!r.ok)throw new Error(chunk.detail||r.status);}
  catch(e){pre.textContent="(no log: "+e.message+")";return;}
  pre.textContent=chunk.content; pre.dataset.start=chunk.start; pre.scrollTop=pre.scrollHeight;
  const older=$("#p-older"); older.hidden=chunk.start===0;
  older.onclick=async()=>{const s=Number(pre.dataset.start);const r=await fetch(q+"&before="+s,{credentials:"same-origin"});const c=await r.json();
    pre.prepend(document.createTextNode(c.content));pre.dataset.start=c.start;older.hidden=c.start===0;};
  const live=["queued","running","up_for_retry","up_for_reschedule","deferred","scheduled"].includes(ti.state)&&tryNo===ti.try_number;
  if(live){logSource=new EventSource("/api/v1"+tiPath(run,task)+"/logs/"+tryNo+"/stream?map_index="+mi+"&offset="+chunk.end);
    logSource.addEventListener("log",e=>{const d=JSON.parse(e.data);const stick=pre.scrollTop+pre.clientHeight>=pre.scrollHeight-4;pre.append(document.createTextNode(d.content));if(stick)pre.scrollTop=pre.scrollHeight;});
    logSource.addEventListener("end",()=>closeLog());}
}
async function clearSelected(){
  const s=G.sel; if(!s)return; const m=$("#p-msg"); m.textContent="";
  try{const r=await api("POST","/dags/"+enc(DAG)+"/clearTaskInstances",{dag_run_id:s.run,task_ids:[s.task],include_downstream:$("#p-down").checked,include_upstream:$("#p-up").checked});
    m.textContent="cleared "+r.total_entries+" task instance(s)";}catch(e){m.textContent=e.message;}
}
async function markSelected(state){
  const s=G.sel; if(!s)return; const m=$("#p-msg"); m.textContent="";
  try{const r=await api("PATCH",tiPath(s.run,s.task)+(s.mi>=0?"?map_index="+s.mi:""),{new_state:state});m.textContent="marked "+state;
    applyTI({dag_run_id:s.run,task_id:s.task,map_index:s.mi,state:r.state});}catch(e){m.textContent=e.message;}
}
function moveSel(dr,dc){
  const rows=$$("#grid tbody tr[data-t]").filter(r=>!r.hidden); if(!rows.length)return;
  let r=0,c=G.cols.length-1; if(G.selTd){const tr=G.selTd.closest("tr");r=Math.max(0,rows.indexOf(tr));c=[...tr.children].indexOf(G.selTd)-1;}
  r=Math.min(rows.length-1,Math.max(0,r+dr)); c=Math.min(G.cols.length-1,Math.max(0,c+dc));
  const td=$$("td",rows[r])[c]; if(td){if(G.selTd)G.selTd.classList.remove("sel");G.selTd=td;td.classList.add("sel");td.scrollIntoView({block:"nearest",inline:"nearest"});}
}
function initGrid(){
  if(!gridIndex())return; const t=$("#grid");
  t.addEventListener("click",ev=>{const b=ev.target.closest("button");if(b){if(b.classList.contains("mx"))toggleMapped(b);else if(b.hasAttribute("aria-expanded"))toggleGroup(b);return;}
    const td=ev.target.closest("td");if(td)selectCell(td);});
  t.addEventListener("keydown",ev=>{const k=ev.key;
    if(k==="ArrowDown"){moveSel(1,0);ev.preventDefault();}else if(k==="ArrowUp"){moveSel(-1,0);ev.preventDefault();}
    else if(k==="ArrowLeft"){moveSel(0,-1);ev.preventDefault();}else if(k==="ArrowRight"){moveSel(0,1);ev.preventDefault();}
    else if(k==="Enter"&&G.selTd){selectCell(G.selTd);ev.preventDefault();}});
  $("#p-close").addEventListener("click",()=>{$("#panel").hidden=true;closeLog();});
  $("#p-clear").addEventListener("click",clearSelected);
  for(const b of $$("button[data-mark]"))b.addEventListener("click",()=>markSelected(b.dataset.mark));
  liveEvents(applyTI,ev=>{if(!G.cols.includes(ev.dag_run_id))addColumn(ev.dag_run_id);const th=$$("#grid thead th[data-run]").find(h=>h.dataset.run===ev.dag_run_id);if(th)setState(th,ev.state);});
}

/* Graph */
function initGraph(){
  const svg=$("svg.graph"); if(!svg)return; const run=svg.dataset.run; if(!run)return;
  liveEvents(ev=>{if(ev.dag_run_id!==run)return;const n=$$("g.node").find(g=>g.dataset.t===ev.task_id);if(!n)return;
    if((ev.map_index??-1)>=0){const m=(n.__m=n.__m||{});m[ev.map_index]=ev.state;setState(n,fold(Object.values(m)));}else setState(n,ev.state);});
  for(const n of $$("g.node"))n.addEventListener("keydown",ev=>{if(ev.key==="Enter")location.href=n.dataset.href;});
  for(const n of $$("g.node"))n.addEventListener("click",()=>location.href=n.dataset.href);
}

/* Gantt: on an event of the shown run, the chart is fetched again (at most every 250 ms) and swapped in. */
function initGantt(){
  const g=$("#gantt"); if(!g||!g.dataset.run)return; const run=g.dataset.run; let pending=null;
  async function reload(){pending=null;
    try{const r=await fetch("?run="+enc(run),{credentials:"same-origin"});if(!r.ok)return;
      const doc=new DOMParser().parseFromString(await r.text(),"text/html");
      for(const id of ["#gantt","#gantt-head"]){const fresh=$(id,doc),old=$(id);if(fresh&&old)old.replaceWith(document.importNode(fresh,true));}
      localTimes($("#gantt-head")||document);window.__updraftGanttReloads=(window.__updraftGanttReloads||0)+1;}catch(e){}}
  liveEvents(ev=>{if(ev.dag_run_id===run&&!pending)pending=setTimeout(reload,250);});
}

/* Trigger */
function initTrigger(){
  const f=$("#trigger"); if(!f)return;
  f.addEventListener("submit",async ev=>{ev.preventDefault();const m=$("#trigmsg");m.textContent="";
    try{const raw=f.conf.value.trim();const conf=raw?JSON.parse(raw):{};
      if(typeof conf!=="object"||Array.isArray(conf)||conf===null)throw new Error("conf must be a JSON object");
      for(const i of $$("[data-param]",f)){const k=i.dataset.param,t=i.dataset.type;let v;
        if(t==="bool")v=i.checked;else if(t==="int"){if(i.value==="")continue;v=parseInt(i.value,10);}else if(t==="number"){if(i.value==="")continue;v=Number(i.value);}
        else if(t==="json"){v=JSON.parse(i.value||"null");}else v=i.value;
        if(!(k in conf))conf[k]=v;}
      const body={conf}; if(f.logical_date.value.trim())body.logical_date=f.logical_date.value.trim();
      if(f.run_id.value.trim())body.dag_run_id=f.run_id.value.trim();
      const r=await api("POST","/dags/"+enc(DAG)+"/dagRuns",body);
      location.href="/dags/"+enc(DAG)+"/grid?run="+enc(r.dag_run_id);}
    catch(e){m.textContent=e.message;}});
}

// Workers: a new stats snapshot every 2 s, numbers updated in place, rates from the last one.
function initWorkers(){
  if(!$("#gauges"))return; let last=null;
  const fmt=v=>Number.isInteger(v)?String(v):v.toFixed(2);
  async function tick(){
    let r; try{r=await api("GET","/stats");}catch(e){$("#stats-at").textContent=e.message;return;}
    $("#stats-at").textContent=r.collected_at;
    for(const d of $$("[data-gauge]")){const v=r.gauges[d.dataset.gauge];d.textContent=v===undefined?"–":fmt(v);}
    const body=$("#messages tbody"), secs=last?(Date.parse(r.collected_at)-Date.parse(last.collected_at))/1000:0;
    const rows=Object.entries(r.message_types).sort((a,b)=>a[1].code-b[1].code||a[0].localeCompare(b[0]));
    body.replaceChildren(...rows.map(([name,t])=>{const o=last&&last.message_types[name];
      const rate=(now,then)=>secs>0&&then!==undefined?((now-then)/secs).toFixed(1):"–";
      return el("tr",{"data-type":name},el("td",{text:name}),el("td",{text:String(t.msgs_in)}),el("td",{text:String(t.msgs_out)}),
        el("td",{text:rate(t.msgs_in,o&&o.msgs_in)}),el("td",{text:rate(t.msgs_out,o&&o.msgs_out)}));}));
    last=r;
  }
  tick(); setInterval(tick,2000);
}

document.addEventListener("DOMContentLoaded",()=>{localTimes();initLogin();initLogout();
  const p=document.body.dataset.page; if(p==="dags")initDags(); if(p==="grid")initGrid(); if(p==="graph")initGraph(); if(p==="gantt")initGantt(); if(p==="trigger")initTrigger(); if(p==="workers")initWorkers();});
"""#
}
