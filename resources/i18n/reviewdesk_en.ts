<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Actions</name>
    <message>
        <source>新建项目…</source>
        <translation>New project…</translation>
    </message>
    <message>
        <source>新建一个评审轮次的项目文件</source>
        <translation>Create a project file for a new assessment round</translation>
    </message>
    <message>
        <source>打开项目…</source>
        <translation>Open project…</translation>
    </message>
    <message>
        <source>打开已有的项目文件</source>
        <translation>Open an existing project file</translation>
    </message>
    <message>
        <source>打开报告/导入…</source>
        <translation>Open report / Import…</translation>
    </message>
    <message>
        <source>另存副本为…</source>
        <translation>Save a copy as…</translation>
    </message>
    <message>
        <source>把整个项目另存一份副本（当前项目随时自动保存）</source>
        <translation>Save a copy of the whole project (the current project is saved automatically all the time)</translation>
    </message>
    <message>
        <source>从备份恢复…</source>
        <translation>Restore from Backup…</translation>
    </message>
    <message>
        <source>列出项目的自动备份，用其中一个替换当前项目（恢复前先备份当前文件）</source>
        <translation>List the project&apos;s automatic backups and replace the project with one of them (the current file is backed up first)</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>删除标注</source>
        <translation>Delete annotation</translation>
    </message>
    <message>
        <source>删除标注列表中选中的标注（可撤销）</source>
        <translation>Delete the annotations selected in the list (can be undone)</translation>
    </message>
    <message>
        <source>编辑批注…</source>
        <translation>Edit note…</translation>
    </message>
    <message>
        <source>为选中的标注添加或修改批注</source>
        <translation>Add or change the note of the selected annotation</translation>
    </message>
    <message>
        <source>评阅人姓名…</source>
        <translation>Reviewer name…</translation>
    </message>
    <message>
        <source>修改记录在标注上的评阅人姓名</source>
        <translation>Change the reviewer name recorded on annotations</translation>
    </message>
    <message>
        <source>关于评阅台</source>
        <translation>About ReviewDesk</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>把 %1 报告导入当前项目</source>
        <translation>Import %1 reports into the current project</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>标为“%1”</source>
        <translation>Tag as “%1”</translation>
    </message>
    <message>
        <source>把选中的文字标为“%1”（按 %2）</source>
        <translation>Tag the selected text as “%1” (press %2)</translation>
    </message>
</context>
<context>
    <name>AgreementAction</name>
    <message>
        <source>评阅人一致性…</source>
        <translation>Reviewer agreement…</translation>
    </message>
    <message>
        <source>比较评阅人的标注（Cohen κ、Krippendorff α、一致率）并对照两位评阅人的差异</source>
        <translation>Compare the reviewers&apos; annotations (Cohen&apos;s κ, Krippendorff&apos;s α, raw agreement) and put two reviewers&apos; differences side by side</translation>
    </message>
</context>
<context>
    <name>AgreementDialog</name>
    <message>
        <source>评阅人一致性</source>
        <extracomment>Quotes longer than this are cut in the list (the tooltip holds them whole). A stretch shorter than this is shown with up to CONTEXT_CHARS of its line on each side.</extracomment>
        <translation>Reviewer agreement</translation>
    </message>
    <message>
        <source>一致性</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>差异对照</source>
        <translation>Differences</translation>
    </message>
    <message>
        <source>比较的评阅人</source>
        <translation>Reviewers compared</translation>
    </message>
    <message>
        <source>全部报告</source>
        <translation>All reports</translation>
    </message>
    <message>
        <source>各份报告</source>
        <translation>Per report</translation>
    </message>
    <message>
        <source>评阅人 A</source>
        <translation>Reviewer A</translation>
    </message>
    <message>
        <source>评阅人 B</source>
        <translation>Reviewer B</translation>
    </message>
    <message>
        <source>报告</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>评分差异</source>
        <translation>Score differences</translation>
    </message>
    <message>
        <source>以字为单位：比较的是全部所选评阅人都标注过的报告中的每一个字；对每种标注类型，某字落在某评阅人该类型的标注范围内记为 1，否则记为 0（同一评阅人重叠的标注只计一次）。Cohen κ 只用于两位评阅人，Krippendorff α（名义）用于两位或更多；一致率是全部评阅人取值相同的字所占的比例。</source>
        <translation>The unit is the character: every character of the reports all selected reviewers annotated is compared; for each tag a character counts 1 for a reviewer when it lies inside one of that reviewer&apos;s spans of that tag, else 0 (overlapping spans of one reviewer count once). Cohen&apos;s κ is for two reviewers only, Krippendorff&apos;s α (nominal) for two or more; raw agreement is the share of characters on which all reviewers agree.</translation>
    </message>
    <message>
        <source>（未署名）</source>
        <translation>(unsigned)</translation>
    </message>
    <message>
        <source>没有全部所选评阅人都标注过的报告</source>
        <translation>No report was annotated by every selected reviewer</translation>
    </message>
    <message>
        <source>所有评阅人对每个字的取值都相同，期望不一致为 0，系数无定义</source>
        <translation>Every reviewer gives every character the same value: the expected disagreement is 0 and the coefficient is undefined</translation>
    </message>
    <message>
        <source>Cohen κ 只用于两位评阅人</source>
        <translation>Cohen&apos;s κ is for two reviewers only</translation>
    </message>
    <message>
        <source>正在计算…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>至少需要两位有标注的评阅人才能计算一致性（现有 %1 位）</source>
        <translation>Agreement needs at least two reviewers with annotations (there are %1)</translation>
    </message>
    <message>
        <source>请至少勾选两位评阅人</source>
        <translation>Tick at least two reviewers</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>评阅人：%1；比较 %2 份报告、%3 个字</source>
        <translation>Reviewers: %1; %2 reports, %3 characters compared</translation>
    </message>
    <message>
        <source>；%1 份报告并非每位评阅人都标注过，未计入</source>
        <translation>; %1 reports not annotated by every reviewer are left out</translation>
    </message>
    <message>
        <source>标注类型</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>一致率</source>
        <translation>Raw agreement</translation>
    </message>
    <message>
        <source>字数</source>
        <translation>Characters</translation>
    </message>
    <message>
        <source>Cohen κ（两位评阅人）</source>
        <translation>Cohen&apos;s κ (two reviewers)</translation>
    </message>
    <message>
        <source>Krippendorff α（名义，两位或更多评阅人）</source>
        <translation>Krippendorff&apos;s α (nominal, two or more reviewers)</translation>
    </message>
    <message>
        <source>全部评阅人取值相同的字所占比例</source>
        <translation>Share of characters on which all reviewers agree</translation>
    </message>
    <message>
        <source>%1 一致率</source>
        <translation>%1 raw agreement</translation>
    </message>
    <message>
        <source>报告 %1</source>
        <translation>Report %1</translation>
    </message>
    <message>
        <source>至少需要两位有标注的评阅人</source>
        <translation>At least two reviewers with annotations are needed</translation>
    </message>
    <message>
        <source>原文</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>评分项</source>
        <translation>Criterion</translation>
    </message>
    <message>
        <source>差值（A − B）</source>
        <translation>Difference (A − B)</translation>
    </message>
    <message>
        <source>请选择两位不同的评阅人</source>
        <translation>Choose two different reviewers</translation>
    </message>
    <message>
        <source>%1【%2】%3</source>
        <translation>%1[%2]%3</translation>
    </message>
    <message>
        <source>注意：并非两位评阅人都标注了这份报告。</source>
        <translation>Note: not both reviewers annotated this report.</translation>
    </message>
    <message>
        <source>%1 处差异：仅 %2 标注 %3 处，仅 %4 标注 %5 处，类型不同 %6 处。双击或按回车跳到原文。</source>
        <translation>%1 differences: only %2 tagged %3, only %4 tagged %5, different tags %6. Double-click or press Enter to go to the text.</translation>
    </message>
    <message>
        <source>（未标注）</source>
        <translation>(not tagged)</translation>
    </message>
    <message>
        <source>未评分</source>
        <translation>Not scored</translation>
    </message>
</context>
<context>
    <name>AnnotationPane</name>
    <message>
        <source>显示或隐藏“%1”标注</source>
        <translation>Show or hide “%1” annotations</translation>
    </message>
    <message>
        <source>筛选：原文、批注或所在部分</source>
        <translation>Filter: text, note or section</translation>
    </message>
    <message>
        <source>删除标注</source>
        <translation>Delete annotation</translation>
    </message>
    <message>
        <source>无法定位的标注（%1）</source>
        <translation>Annotations that could not be placed (%1)</translation>
    </message>
    <message>
        <source>改为“%1”</source>
        <translation>Change to “%1”</translation>
    </message>
    <message>
        <source>编辑批注…</source>
        <translation>Edit note…</translation>
    </message>
</context>
<context>
    <name>AnnotationTableModel</name>
    <message>
        <source>类型</source>
        <extracomment>The annotation&apos;s id (plain ints only in Qt data: see outline.SectionRole). More separate runs of rows than this inserted or removed by one change set: one model reset instead (each run costs the views a pass over their rows). Store reads done: tests count them. The per-tag counts of the rows changed (once per load or change set). id -&gt; key: a row is found by bisecting its key (no scan, no index to shift). id -&gt; lower-case &quot;quote, note, section&quot; for the text filter, made when first asked.</extracomment>
        <translation>Tag</translation>
    </message>
    <message>
        <source>原文</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>所在部分</source>
        <translation>Section</translation>
    </message>
    <message>
        <source>批注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>批注：</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>评阅人：</source>
        <translation>Reviewer:</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>评阅台</source>
        <translation>ReviewDesk</translation>
    </message>
</context>
<context>
    <name>Assessment</name>
    <message>
        <source>评分</source>
        <translation>Scoring</translation>
    </message>
    <message>
        <source>评审轮次设置…</source>
        <translation>Assessment round settings…</translation>
    </message>
    <message>
        <source>载入评分细则…</source>
        <translation>Load rubric…</translation>
    </message>
    <message>
        <source>显示总览</source>
        <translation>Show overview</translation>
    </message>
    <message>
        <source>显示评分面板</source>
        <translation>Show scoring pane</translation>
    </message>
    <message>
        <source>评阅</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>载入评分细则</source>
        <translation>Load rubric</translation>
    </message>
    <message>
        <source>已载入评分细则：%1</source>
        <translation>Rubric loaded: %1</translation>
    </message>
</context>
<context>
    <name>AssessmentQuestions</name>
    <message>
        <source>载入评分细则</source>
        <translation>Load rubric</translation>
    </message>
    <message>
        <source>评分细则 (*.toml *.json);;所有文件 (*)</source>
        <translation>Rubrics (*.toml *.json);;All files (*)</translation>
    </message>
    <message>
        <source>更换评分细则</source>
        <translation>Change rubric</translation>
    </message>
    <message>
        <source>保留相同评分项的分数并更换</source>
        <translation>Keep the scores of matching criteria and change</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>从备份恢复</source>
        <translation>Restore from Backup</translation>
    </message>
    <message>
        <source>选择要恢复的备份。恢复前会先把当前的项目文件另存一份备份，所以恢复之后仍可以回到现在的状态。</source>
        <translation>Choose the backup to restore. The current project file is backed up first, so you can still return to its present state afterwards.</translation>
    </message>
    <message>
        <source>备份时间</source>
        <translation>Backed up</translation>
    </message>
    <message>
        <source>报告</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>标注</source>
        <translation>Annotations</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>无法读取</source>
        <translation>unreadable</translation>
    </message>
    <message>
        <source>自动备份</source>
        <translation>Automatic backup</translation>
    </message>
    <message>
        <source>恢复备份前自动保存的项目</source>
        <translation>Project as it was before a restore</translation>
    </message>
    <message>
        <source>恢复前损坏的项目文件（原样保存）</source>
        <translation>Damaged project file before a restore (kept as it was)</translation>
    </message>
</context>
<context>
    <name>CompareModel</name>
    <message>
        <source>类型</source>
        <extracomment>Characters of a paragraph shown in a list cell (the pair below shows them whole). Shares of these doc ids are known (a list of ints). (earlier content hash, later content hash) -&gt; repeated share doc id -&gt; its earlier report&apos;s doc id, or None Computations started (tests read it).</extracomment>
        <translation>Tag</translation>
    </message>
    <message>
        <source>相似度</source>
        <translation>Similarity</translation>
    </message>
    <message>
        <source>本报告的段落</source>
        <translation>Paragraph of this report</translation>
    </message>
    <message>
        <source>对应的较早段落</source>
        <translation>Matching earlier paragraph</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>沿用</source>
        <extracomment>Row colours: carried over grey, changed amber, new green (background of the 类型 cell, and the highlight of differing characters below).</extracomment>
        <translation>Carried over</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>对比的较早报告：</source>
        <extracomment>After a row is activated: select the span in the document view (set by install).</extracomment>
        <translation>Earlier report compared:</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>只看新增</source>
        <translation>New only</translation>
    </message>
    <message>
        <source>只看修改</source>
        <translation>Changed only</translation>
    </message>
    <message>
        <source>未打开报告</source>
        <translation>No report open</translation>
    </message>
    <message>
        <source>请选择一份报告</source>
        <translation>Choose a report</translation>
    </message>
    <message>
        <source>本单位在项目中没有更早年度的报告；可以在上面选择一份报告来对比。</source>
        <translation>The project holds no earlier report of this unit; choose a report above to compare with.</translation>
    </message>
    <message>
        <source>项目中没有其他报告可以对比。</source>
        <translation>The project holds no other report to compare with.</translation>
    </message>
    <message>
        <source>%1 年度</source>
        <translation>year %1</translation>
    </message>
    <message>
        <source>沿用 %1 段 · 修改 %2 段 · 新增 %3 段 · 沿用的文字占 %4</source>
        <translation>%1 paragraphs carried over · %2 changed · %3 new · carried-over text %4</translation>
    </message>
    <message>
        <source>本报告（%1）</source>
        <translation>This report (%1)</translation>
    </message>
    <message>
        <source>较早的报告</source>
        <translation>Earlier report</translation>
    </message>
    <message>
        <source>（较早的报告中没有相近的段落）</source>
        <translation>(no similar paragraph in the earlier report)</translation>
    </message>
    <message>
        <source>与上年对比</source>
        <translation>Against last year</translation>
    </message>
    <message>
        <source>与上年报告对比…</source>
        <translation>Compare with last year&apos;s report…</translation>
    </message>
    <message>
        <source>列出当前报告沿用、修改和新增的段落（与同一单位较早年度的报告相比）</source>
        <translation>List the paragraphs of the shown report that were carried over, changed or are new (against the same unit&apos;s earlier report)</translation>
    </message>
</context>
<context>
    <name>ConflictsController</name>
    <message>
        <source>合并冲突…</source>
        <translation>Merge conflicts…</translation>
    </message>
    <message>
        <source>列出合并时两边改得不同的标注和评分，逐条决定保留哪个版本</source>
        <translation>List the annotations and scores two merged projects changed differently, and decide which version to keep</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>未评分</source>
        <translation>Not scored</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>合并冲突</source>
        <translation>Merge conflicts</translation>
    </message>
    <message>
        <source>报告</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>评阅人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>现在的版本</source>
        <translation>Version in place</translation>
    </message>
    <message>
        <source>另一版本</source>
        <translation>Other version</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>保留现在的版本</source>
        <translation>Keep the version in place</translation>
    </message>
    <message>
        <source>改用另一版本</source>
        <translation>Use the other version</translation>
    </message>
    <message>
        <source>两个都保留</source>
        <translation>Keep both</translation>
    </message>
    <message>
        <source>没有未处理的合并冲突。</source>
        <translation>No open merge conflicts.</translation>
    </message>
    <message>
        <source>%1 处冲突：两个版本都已保留，请逐条决定。</source>
        <translation>%1 conflicts: both versions were kept; decide one by one.</translation>
    </message>
</context>
<context>
    <name>CriterionCard</name>
    <message>
        <source>扣分规则：</source>
        <extracomment>What the pane shows: cards per criterion (rubric), the report&apos;s points, comments and evidence (scores; the linked annotations&apos; tags and quotes), its title (documents) and its parts (sections, and the text version in documents). Drag payload of annotation rows: JSON {&quot;doc_id&quot;: n, &quot;ids&quot;: [..]}. From this length on, a report&apos;s parts are first checked right after the switch has painted. How long after the switch that check starts (the document pane paints first).</extracomment>
        <translation>Deductions:</translation>
    </message>
    <message>
        <source>/ %1 分</source>
        <translation>/ %1 points</translation>
    </message>
    <message>
        <source>评语</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>单击跳转到原文；按 Delete 移除依据</source>
        <translation>Click to jump to the text; press Delete to remove the evidence</translation>
    </message>
    <message>
        <source>添加所选标注为依据</source>
        <translation>Add selected annotations as evidence</translation>
    </message>
    <message>
        <source>移除依据</source>
        <translation>Remove evidence</translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message>
        <source>%1%2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>（%1，%2 字）</source>
        <translation>(%1, %2 characters)</translation>
    </message>
</context>
<context>
    <name>DocumentView</name>
    <message>
        <source>打开或导入一份报告（Ctrl+O），或把文件拖到窗口中。</source>
        <extracomment>Reports whose highlight layers are kept for switching back (small: spans only). Extra characters of text above and below the viewport that get highlights ready, so scrolling by a page never shows an unpainted span: as many as the viewport shows, and at least this many. More characters than any screen holds at a readable size (4K, small font). A document this long, once deleted, leaves enough freed heap behind to hand back to the system (see _trim_heap). The note flag&apos;s size, as a share of the line&apos;s height. Width in pixels of the gap cut between two touching spans of one tag (in the page&apos;s colour: a line in the tag&apos;s colour looked like the text cursor). True when some text is selected (tag actions enable on it). Context-menu requests on existing annotations: (annotation id, tag). The shown report&apos;s open suggestions, drawn as a dashed underline in the tag&apos;s colour. (start16, end16, tag) of the shown report&apos;s open suggestions, in text order. Those of them in the visible window at the last refresh. What the last paintEvent underlined (tests): (start, end, tag) in code points. doc id -&gt; (its annotations list, its offset map, the layer built of them), last few shown The find bar&apos;s marks: (lo16, hi16) -&gt; ExtraSelections drawn over the tags&apos; (None: no find). Reading size in percent of reading_font() (set_zoom). id -&gt; (the span, its look, its ExtraSelections) for the spans handed to Qt last. The marks painted over the text: (&quot;note&quot;, end16, tag) / (&quot;boundary&quot;, start16, tag). What the last paintEvent drew of them (tests): (kind, code point, tag, rect). Extra painters over the text (clip rect -&gt; None) and tooltip sources (pos16 -&gt; lines), added by extensions (desktop.ui.ocr_marks: low-confidence OCR lines).</extracomment>
        <translation>Open or import a report (Ctrl+O), or drop files on the window.</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>建议：%1 — %2</source>
        <translation>Suggestion: %1 — %2</translation>
    </message>
    <message>
        <source>改为“%1”</source>
        <translation>Change to “%1”</translation>
    </message>
    <message>
        <source>编辑批注…</source>
        <translation>Edit note…</translation>
    </message>
    <message>
        <source>删除标注</source>
        <translation>Delete annotation</translation>
    </message>
</context>
<context>
    <name>DocumentsPane</name>
    <message>
        <source>历史版本…</source>
        <translation>Earlier Versions…</translation>
    </message>
    <message>
        <source>这份报告还没有被替换过</source>
        <translation>This report has not been replaced yet</translation>
    </message>
    <message>
        <source>修改标题、单位、年度…</source>
        <translation>Edit title, unit and year…</translation>
    </message>
    <message>
        <source>标为评阅中</source>
        <translation>Mark as in review</translation>
    </message>
    <message>
        <source>标为已完成</source>
        <translation>Mark as done</translation>
    </message>
    <message>
        <source>从项目中删除…</source>
        <translation>Delete from project…</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>评阅台出现意外错误</source>
        <translation>ReviewDesk ran into an unexpected error</translation>
    </message>
    <message>
        <source>操作没有完成。已提交的修改都已保存在项目文件中。请把下面的详细信息复制给技术人员。</source>
        <translation>The operation did not complete. All changes made so far are saved in the project file. Please copy the details below to your IT staff.</translation>
    </message>
    <message>
        <source>日志文件：</source>
        <translation>Log file:</translation>
    </message>
    <message>
        <source>复制详细信息</source>
        <translation>Copy details</translation>
    </message>
</context>
<context>
    <name>ErrorHook</name>
    <message>
        <source>无法完成操作</source>
        <translation>The operation could not be completed</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>导出…</source>
        <extracomment>The path written, or &quot;&quot; when the export failed or was cancelled.</extracomment>
        <translation>Export…</translation>
    </message>
    <message>
        <source>导出带批注的报告…</source>
        <translation>Export Annotated Report…</translation>
    </message>
    <message>
        <source>把当前报告连同批注导出为 Word 文件，每条标注是一条 Word 批注</source>
        <translation>Export the open report with its annotations as a Word file, each annotation a Word comment</translation>
    </message>
    <message>
        <source>导入标注…</source>
        <translation>Import annotations…</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>正在汇总各份报告…</source>
        <translation>Collecting the reports…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在汇总第 %1 / %2 份报告…</source>
        <translation>Collecting report %1 of %2…</translation>
    </message>
    <message>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <source>导出完成</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <source>已导出到：
%1</source>
        <translation>Exported to:
%1</translation>
    </message>
    <message>
        <source>导出已取消。</source>
        <translation>Export cancelled.</translation>
    </message>
    <message>
        <source>无法导出</source>
        <translation>Cannot export</translation>
    </message>
    <message>
        <source>导入标注</source>
        <translation>Import annotations</translation>
    </message>
    <message>
        <source>标注文件 (*.json *.jsonld);;所有文件 (*)</source>
        <translation>Annotation files (*.json *.jsonld);;All files (*)</translation>
    </message>
    <message>
        <source>导入 %1 条标注</source>
        <translation>Import %1 annotations</translation>
    </message>
    <message>
        <source>无法导入标注</source>
        <translation>Cannot import annotations</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>当前报告</source>
        <translation>Current report</translation>
    </message>
    <message>
        <source>整轮（全部报告）</source>
        <translation>Whole round (all reports)</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>格式：</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <source>保存到：</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <source>导出到文件夹</source>
        <translation>Export to Folder</translation>
    </message>
    <message>
        <source>替换文件</source>
        <translation>Replace file</translation>
    </message>
    <message>
        <source>“%1”已存在（%2）。
要用这次导出替换它吗？</source>
        <translation>“%1” already exists (%2).
Replace it with this export?</translation>
    </message>
</context>
<context>
    <name>ExportFormats</name>
    <message>
        <source>Word 评阅汇总（.docx）</source>
        <extracomment>Per-report formats: (project, doc id) -&gt; that report&apos;s records, which ``write`` gets instead of a RoundData; a round export writes one file per report into a folder. Round formats that need more than the round&apos;s records: (project, RoundData) -&gt; what ``write`` gets (the annotation file: each reviewer&apos;s scores and the evidence).</extracomment>
        <translation>Word review summary (.docx)</translation>
    </message>
    <message>
        <source>评阅汇总</source>
        <translation>review-summary</translation>
    </message>
    <message>
        <source>Excel 评分表（.xlsx）</source>
        <translation>Excel score sheet (.xlsx)</translation>
    </message>
    <message>
        <source>评分表</source>
        <translation>score-sheet</translation>
    </message>
    <message>
        <source>CSV 评分表（.csv，UTF-8）</source>
        <translation>CSV score sheet (.csv, UTF-8)</translation>
    </message>
    <message>
        <source>标注文件（W3C Web Annotation JSON）</source>
        <translation>Annotation file (W3C Web Annotation JSON)</translation>
    </message>
    <message>
        <source>标注</source>
        <translation>annotations</translation>
    </message>
    <message>
        <source>带批注的报告（Word .docx，每份报告一个文件）</source>
        <translation>Annotated report (Word .docx, one file per report)</translation>
    </message>
    <message>
        <source>带批注的报告</source>
        <translation>annotated report</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>在本报告中查找</source>
        <translation>Find in this report</translation>
    </message>
    <message>
        <source>上一处</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>下一处</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>关闭查找（Esc）</source>
        <translation>Close find (Esc)</translation>
    </message>
    <message>
        <source>查找：</source>
        <translation>Find:</translation>
    </message>
    <message>
        <source>未找到</source>
        <translation>Not found</translation>
    </message>
    <message>
        <source>第 %1/%2 处</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>查找…</source>
        <translation>Find…</translation>
    </message>
    <message>
        <source>在当前报告中查找文字，标出全部结果</source>
        <translation>Find text in the current report and mark every match</translation>
    </message>
    <message>
        <source>查找下一个</source>
        <translation>Find Next</translation>
    </message>
    <message>
        <source>查找上一个</source>
        <translation>Find Previous</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom In</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom Out</translation>
    </message>
    <message>
        <source>原始大小</source>
        <translation>Actual Size</translation>
    </message>
    <message>
        <source>阅读字号：%1%</source>
        <translation>Reading size: %1%</translation>
    </message>
</context>
<context>
    <name>FlagsPane</name>
    <message>
        <source>模板占位符</source>
        <translation>Template placeholder</translation>
    </message>
    <message>
        <source>文件名称有误</source>
        <translation>Wrong document title</translation>
    </message>
    <message>
        <source>雷同段落</source>
        <translation>Copied paragraph</translation>
    </message>
    <message>
        <source>不足未分析原因</source>
        <translation>Weaknesses without causes</translation>
    </message>
    <message>
        <source>下一步安排未回应不足</source>
        <translation>Plans ignore the weaknesses</translation>
    </message>
    <message>
        <source>年份不一致</source>
        <translation>Year mismatch</translation>
    </message>
    <message>
        <source>类型</source>
        <extracomment>Quotes longer than this are cut in the list (the tooltip holds them whole). Flags of these doc ids were stored (a list of ints). Computations started (tests read it).</extracomment>
        <translation>Tag</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>原文</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>未打开报告</source>
        <translation>No report open</translation>
    </message>
    <message>
        <source>正在检查…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>%1 个问题</source>
        <translation>%1 issues</translation>
    </message>
    <message>
        <source>未发现问题</source>
        <translation>No issues found</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Issues</translation>
    </message>
</context>
<context>
    <name>HelpActions</name>
    <message>
        <source>使用说明</source>
        <translation>User guide</translation>
    </message>
    <message>
        <source>如何导入报告、标注、打分和导出</source>
        <translation>How to import reports, annotate, score and export</translation>
    </message>
    <message>
        <source>标注指南</source>
        <translation>Annotation guide</translation>
    </message>
    <message>
        <source>举措、数据、不足各标什么：定义和例句</source>
        <translation>What to tag as Measure, Figure and Weakness: definitions and examples</translation>
    </message>
    <message>
        <source>评阅台使用说明</source>
        <translation>ReviewDesk user guide</translation>
    </message>
    <message>
        <source>找不到帮助文件：%1</source>
        <translation>Help file not found: %1</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <source>导入报告</source>
        <extracomment>what the worker hands back per file: its path, its document or why not, and the reports it holds when it is a compilation (else []) An ImportSummary, after the project was written (or nothing, when cancelled). The window&apos;s Interaction (asked whether a file is a new version).</extracomment>
        <translation>Import reports</translation>
    </message>
    <message>
        <source>正在读取文件…</source>
        <translation>Reading files…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在导入第 %1 个文件：%2</source>
        <translation>Importing file %1: %2</translation>
    </message>
    <message>
        <source>已读取 %1 / %2 页</source>
        <translation>Read %1 of %2 pages</translation>
    </message>
    <message>
        <source>%1「%2」已在项目中：%3</source>
        <translation>%1 “%2” is already in the project: %3</translation>
    </message>
    <message>
        <source>%1「%2」已导入（单位：%3；年度：%4）</source>
        <translation>%1 “%2” imported (unit: %3; year: %4)</translation>
    </message>
    <message>
        <source>未识别</source>
        <translation>not recognised</translation>
    </message>
    <message>
        <source>第 %1 篇</source>
        <translation>report %1</translation>
    </message>
    <message>
        <source>第 %1 页</source>
        <translation>page %1</translation>
    </message>
    <message>
        <source>第 %1–%2 页</source>
        <translation>pages %1–%2</translation>
    </message>
    <message>
        <source>没有打开的项目。</source>
        <translation>No project is open.</translation>
    </message>
    <message>
        <source>已在项目中：%1</source>
        <translation>Already in the project: %1</translation>
    </message>
    <message>
        <source>未导入（您选择了不导入此文件）</source>
        <translation>Not imported (you chose not to import this file)</translation>
    </message>
    <message>
        <source>报告文件 (%1);;所有文件 (*)</source>
        <translation>Reports (%1);;All files (*)</translation>
    </message>
    <message>
        <source>已在项目中（内容完全相同），未重复导入</source>
        <translation>Already in the project (identical content); not imported again</translation>
    </message>
    <message>
        <source>已更新为新版本，%1 条标注已重新定位</source>
        <translation>Updated to the new version; %1 annotations re-anchored</translation>
    </message>
    <message>
        <source>，%1 条无法定位</source>
        <translation>, %1 could not be placed</translation>
    </message>
    <message>
        <source>（可撤销）</source>
        <translation> (can be undone)</translation>
    </message>
    <message>
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
</context>
<context>
    <name>Interaction</name>
    <message>
        <source>评阅台项目 (*.rdproj *.sqlite);;所有文件 (*)</source>
        <translation>ReviewDesk projects (*.rdproj *.sqlite);;All files (*)</translation>
    </message>
    <message>
        <source>评阅人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>请输入您的姓名（将记录在每条标注上）：</source>
        <translation>Please enter your name (it is recorded on every annotation):</translation>
    </message>
    <message>
        <source>打开报告</source>
        <translation>Open reports</translation>
    </message>
    <message>
        <source>打开项目</source>
        <translation>Open project</translation>
    </message>
    <message>
        <source>新建项目</source>
        <translation>New project</translation>
    </message>
    <message>
        <source>另存副本为</source>
        <translation>Save a copy as</translation>
    </message>
    <message>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>导出为 PDF</source>
        <translation>Export as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>打印预览</source>
        <translation>Print Preview</translation>
    </message>
    <message>
        <source>编辑批注</source>
        <translation>Edit note</translation>
    </message>
    <message>
        <source>标注：%1</source>
        <translation>Annotation: %1</translation>
    </message>
    <message>
        <source>项目正在被使用</source>
        <translation>Project in Use</translation>
    </message>
    <message>
        <source>%1。

同一时间只能有一处修改此项目。</source>
        <translation>%1.

Only one window or computer can change a project at a time.</translation>
    </message>
    <message>
        <source>以只读方式打开</source>
        <translation>Open Read-Only</translation>
    </message>
    <message>
        <source>如果那台电脑已经关机或不再使用此项目，可以接管；接管后那台电脑上的窗口将不能再保存修改。</source>
        <translation>If that computer is switched off or no longer uses this project, you can take it over; a window on that computer can then no longer save changes.</translation>
    </message>
    <message>
        <source>接管项目</source>
        <translation>Take Over</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>是新版本吗？</source>
        <translation>A New Version?</translation>
    </message>
    <message>
        <source>“%1”与项目中的报告“%2”单位、年度相同，内容有 %3% 相同。

是这份报告的新版本吗？替换后旧文本保存为历史版本，标注会重新定位，可以撤销。</source>
        <translation>“%1” has the same unit and year as the report “%2” in the project, and %3% of its text is the same.

Is it a new version of that report? Replacing keeps the old text as an earlier version and re-anchors the annotations; it can be undone.</translation>
    </message>
    <message>
        <source>替换为新版本</source>
        <translation>Replace with New Version</translation>
    </message>
    <message>
        <source>作为另一份报告导入</source>
        <translation>Import as a Separate Report</translation>
    </message>
    <message>
        <source>不导入此文件</source>
        <translation>Do Not Import</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>举措</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>数据</source>
        <translation>Figure</translation>
    </message>
    <message>
        <source>不足</source>
        <translation>Weakness</translation>
    </message>
    <message>
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>评阅中</source>
        <translation>In review</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>主要举措和成效</source>
        <translation>Main measures and results</translation>
    </message>
    <message>
        <source>存在的不足和原因</source>
        <translation>Weaknesses and their causes</translation>
    </message>
    <message>
        <source>党政主要负责人履行推进法治建设第一责任人职责情况</source>
        <translation>How the principal Party and government leaders performed their duty as first responsible for rule-of-law construction</translation>
    </message>
    <message>
        <source>下一年度主要安排</source>
        <translation>Main plans for the next year</translation>
    </message>
    <message>
        <source>其他需要报告的情况</source>
        <translation>Other matters to report</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>文档</source>
        <extracomment>Modules whose ``install(window)`` runs at the end of MainWindow(); missing ones are skipped.</extracomment>
        <translation>Document</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>提纲</source>
        <translation>Outline</translation>
    </message>
    <message>
        <source>报告列表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>标注</source>
        <translation>Annotations</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>标注(&amp;T)</source>
        <translation>&amp;Tags</translation>
    </message>
    <message>
        <source>工具(&amp;O)</source>
        <translation>T&amp;ools</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>最近的项目</source>
        <translation>Recent projects</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>无法打开项目</source>
        <translation>Cannot open the project</translation>
    </message>
    <message>
        <source>已以只读方式打开项目：%1</source>
        <translation>Project opened read-only: %1</translation>
    </message>
    <message>
        <source>已打开项目：%1</source>
        <translation>Project opened: %1</translation>
    </message>
    <message>
        <source>打开项目</source>
        <translation>Open Project</translation>
    </message>
    <message>
        <source>%1，本窗口只能查看</source>
        <translation>%1; this window can only view it</translation>
    </message>
    <message>
        <source>没有找到这个项目的备份。</source>
        <translation>No backups of this project were found.</translation>
    </message>
    <message>
        <source>已从备份恢复项目：%1</source>
        <translation>Project restored from backup: %1</translation>
    </message>
    <message>
        <source>恢复前的项目文件已另存为：%1</source>
        <translation>The project file as it was before the restore was saved as: %1</translation>
    </message>
    <message>
        <source>从备份恢复</source>
        <translation>Restore from Backup</translation>
    </message>
    <message>
        <source>这个项目还没有备份。打开项目时会自动备份（每小时最多一次），备份保存在项目旁的“%1”文件夹中。</source>
        <translation>This project has no backups yet. A backup is made when a project is opened (at most once an hour), in the folder “%1” beside the project.</translation>
    </message>
    <message>
        <source>（%1 份报告，%2 条标注）</source>
        <translation> (%1 reports, %2 annotations)</translation>
    </message>
    <message>
        <source>用 %1 的备份%2替换当前项目？
当前的项目文件会先备份，恢复后仍可找回。</source>
        <translation>Replace the current project with the backup of %1%2?
The current project file is backed up first and can be brought back later.</translation>
    </message>
    <message>
        <source>项目是只读的，不能导入报告。

%1</source>
        <translation>The project is read-only; reports cannot be imported.

%1</translation>
    </message>
    <message>
        <source>导入已取消，项目未作任何改动。</source>
        <translation>Import cancelled; the project was not changed.</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 个文件未能导入：</source>
        <translation>%1 files could not be imported:</translation>
    </message>
    <message>
        <source>已导入 %1 份报告。</source>
        <translation>%1 reports imported.</translation>
    </message>
    <message>
        <source>从项目中删除“%1”及其全部标注和评分？（可用“撤销”恢复）</source>
        <translation>Delete “%1” with all its annotations and scores from the project? (Undo brings it back.)</translation>
    </message>
    <message>
        <source>%1（只读）</source>
        <translation>%1 (read-only)</translation>
    </message>
    <message>
        <source>导入报告</source>
        <translation>Import reports</translation>
    </message>
    <message>
        <source>另存副本失败</source>
        <translation>Saving a copy failed</translation>
    </message>
    <message>
        <source>已另存副本：%1</source>
        <translation>Copy saved: %1</translation>
    </message>
    <message>
        <source>删除报告</source>
        <translation>Delete report</translation>
    </message>
    <message>
        <source>历史版本</source>
        <translation>Earlier Versions</translation>
    </message>
    <message>
        <source>这份报告还没有被替换过。</source>
        <translation>This report has not been replaced yet.</translation>
    </message>
    <message>
        <source>（第 %1 版）</source>
        <translation>(version %1)</translation>
    </message>
    <message>
        <source>已恢复历史版本，%1 条标注重新定位，%2 条无法定位（可撤销）</source>
        <translation>Earlier version restored: %1 annotations re-anchored, %2 could not be placed (can be undone)</translation>
    </message>
    <message>
        <source>请先在文档中选中要标注的文字。</source>
        <translation>First select the text to tag in the document.</translation>
    </message>
    <message>
        <source>关于评阅台</source>
        <translation>About ReviewDesk</translation>
    </message>
    <message>
        <source>评阅台 ReviewDesk %1
法治政府建设年度报告评阅工具（离线使用，不联网）。
Qt %2，Python %3

选中文字后按 1、2、3 标注举措、数据、不足；所有修改即时保存，可撤销。</source>
        <translation>ReviewDesk %1
Reviewing annual reports on rule-of-law government construction (works offline, no network).
Qt %2, Python %3

Select text and press 1, 2 or 3 to tag a Measure, Figure or Weakness; every change is saved at once and can be undone.</translation>
    </message>
    <message>
        <source>修改没有保存</source>
        <translation>Change Not Saved</translation>
    </message>
    <message>
        <source>评阅台</source>
        <translation>ReviewDesk</translation>
    </message>
</context>
<context>
    <name>MergeController</name>
    <message>
        <source>合并评阅人项目…</source>
        <extracomment>What the last merge brought (for the summary and for tests).</extracomment>
        <translation>Merge reviewers&apos; projects…</translation>
    </message>
    <message>
        <source>把其他评阅人的项目文件合并进当前项目：同一报告按内容对应，标注和评分按评阅人分别保留，可撤销</source>
        <translation>Merge other reviewers&apos; project files into this project: the same report is matched by its content, annotations and scores are kept per reviewer; can be undone</translation>
    </message>
    <message>
        <source>选择要合并的评阅人项目</source>
        <translation>Choose the reviewers&apos; projects to merge</translation>
    </message>
    <message>
        <source>评阅台项目 (*.rdproj *.sqlite);;所有文件 (*)</source>
        <translation>ReviewDesk projects (*.rdproj *.sqlite);;All files (*)</translation>
    </message>
    <message>
        <source>无法合并</source>
        <translation>Cannot merge</translation>
    </message>
    <message>
        <source>合并 %1 个评阅人项目</source>
        <translation>Merge %1 reviewers&apos; projects</translation>
    </message>
    <message>
        <source>已合并 %1 个项目：新增报告 %2 份、标注 %3 条。</source>
        <translation>Merged %1 projects: %2 reports and %3 annotations added.</translation>
    </message>
    <message>
        <source>有 %1 处冲突，两个版本都已保留，详见下方。</source>
        <translation>%1 conflicts: both versions were kept, see below.</translation>
    </message>
    <message>
        <source>可用“撤销”取消这次合并。</source>
        <translation>Undo takes this merge back.</translation>
    </message>
    <message>
        <source>合并完成</source>
        <translation>Merge done</translation>
    </message>
</context>
<context>
    <name>OcrMarks</name>
    <message>
        <source>第 %1 页由文字识别得到</source>
        <extracomment>The underline of a line to check: orange, far from the tags&apos; blue, amber and red tints. The wave: pixels below the pane&apos;s underline place, and half its height. (start16, end16, confidence) of the shown report&apos;s low-confidence lines, in text order. What the last paint underlined (tests): (start, end, confidence) in code points.</extracomment>
        <translation>Page %1 was read by OCR</translation>
    </message>
    <message>
        <source>这些页是扫描件，文字由文字识别（OCR）得到；可信度低的行在文中以橙色波浪线标出，请对照原版核对。</source>
        <translation>These pages are scans; their text was read by OCR. Lines read with low confidence have an orange wavy underline: check them against the original.</translation>
    </message>
    <message>
        <source>识别可信度 %1%，请对照原版核对</source>
        <translation>OCR confidence %1%: check against the original</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>无法完成操作</source>
        <extracomment>A short note for the status bar (an edit refused in a read-only project).</extracomment>
        <translation>The operation could not be completed</translation>
    </message>
    <message>
        <source>只读：%1</source>
        <translation>Read-only: %1</translation>
    </message>
</context>
<context>
    <name>OrphanModel</name>
    <message>
        <source>无法定位</source>
        <translation>Not placed</translation>
    </message>
</context>
<context>
    <name>Outline</name>
    <message>
        <source>下一节</source>
        <translation>Next Section</translation>
    </message>
    <message>
        <source>跳到下一个章节标题</source>
        <translation>Jump to the next section heading</translation>
    </message>
    <message>
        <source>上一节</source>
        <translation>Previous Section</translation>
    </message>
    <message>
        <source>跳到上一个章节标题</source>
        <translation>Jump to the previous section heading</translation>
    </message>
    <message>
        <source>转到章节…</source>
        <translation>Go to Section…</translation>
    </message>
    <message>
        <source>从报告的章节标题中选择一个并跳到那里</source>
        <translation>Choose one of the report&apos;s section headings and jump there</translation>
    </message>
</context>
<context>
    <name>OverviewModel</name>
    <message>
        <source>单位</source>
        <extracomment>One column per tag, in desktop.tags order, between the report&apos;s details and its results; then the number of quality flags (问题, desktop.ui.flags_pane), computed in a worker, and the share of text repeated from the same unit&apos;s earlier report (与上年重复, desktop.ui.compare_view). What the overview shows. The round&apos;s name and year are only in its label (kept up to date apart, see OverviewWidget._update_round); no row depends on them. Kinds after which every row may read differently: the whole round is read again. An edit the store refused, with its Chinese reason. After every reload or update of rows (the chart follows it). (found, missing, weakness_causes) per (doc id, text version, text hash). doc id -&gt; number of quality flags, for the reports computed so far. doc id -&gt; repeated share (None: no earlier report of its unit); absent while computed.</extracomment>
        <translation>Unit</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>评阅人</source>
        <translation>Reviewers</translation>
    </message>
    <message>
        <source>完整性</source>
        <translation>Completeness</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Issues</translation>
    </message>
    <message>
        <source>与上年重复</source>
        <translation>Repeated from last year</translation>
    </message>
    <message>
        <source>未评</source>
        <translation>Not scored</translation>
    </message>
    <message>
        <source>五个部分齐全</source>
        <translation>All five parts present</translation>
    </message>
    <message>
        <source>缺少：%1</source>
        <translation>Missing: %1</translation>
    </message>
    <message>
        <source>不足部分未分析原因</source>
        <translation>Weaknesses part gives no causes</translation>
    </message>
    <message>
        <source>正在检查…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>质量问题（模板占位符、雷同段落等）的条数</source>
        <translation>Number of quality issues (template placeholders, copied paragraphs, …)</translation>
    </message>
    <message>
        <source>正在比较…</source>
        <translation>Comparing…</translation>
    </message>
    <message>
        <source>项目中没有本单位更早年度的报告</source>
        <translation>The project holds no earlier report of this unit</translation>
    </message>
    <message>
        <source>沿用本单位上一份报告的段落占全文的比例（视图 ▸ 与上年报告对比）</source>
        <translation>Share of the text carried over from the unit&apos;s previous report (View ▸ Compare with last year&apos;s report)</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>年度应在 1990 至 2100 之间。</source>
        <translation>The year must be between 1990 and 2100.</translation>
    </message>
    <message>
        <source>年度必须是数字，例如 2024。</source>
        <translation>The year must be a number, e.g. 2024.</translation>
    </message>
</context>
<context>
    <name>OverviewWidget</name>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>筛选：单位、标题、评阅人</source>
        <translation>Filter: unit, title, reviewer</translation>
    </message>
    <message>
        <source>未打开项目</source>
        <translation>No project open</translation>
    </message>
    <message>
        <source>（未命名评审轮次，可在“工具 ▸ 评审轮次设置”中填写）</source>
        <translation>(Unnamed assessment round: set it in “Tools ▸ Assessment round settings”)</translation>
    </message>
    <message>
        <source>%1 年度</source>
        <translation>year %1</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>总览</source>
        <translation>Overview</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <source>第 </source>
        <extracomment>pdfium&apos;s bitmap layouts as QImage formats (pdfium writes BGR order unless asked otherwise; &quot;BGRA&quot;/&quot;BGRX&quot; in memory is Qt&apos;s ARGB32/RGB32 on little-endian PCs). Pixels per PDF point at 100 % (96 dpi screens). Rendered pages kept (per zoom). A press and release closer than this (pixels) is a click, not a drag. (annotation id) clicked; (start, end) of a drag selection, or (-1, -1) when cleared. per page: (annotation id, tag, box) of the annotations on it the drag selection&apos;s (start, end) in the text, and its boxes What the last paint drew (tests): pages rendered, and (id, tag, page, rect) of highlights.</extracomment>
        <translation>Page </translation>
    </message>
    <message>
        <source>缩小（Ctrl+滚轮）</source>
        <translation>Zoom out (Ctrl+wheel)</translation>
    </message>
    <message>
        <source>放大（Ctrl+滚轮）</source>
        <translation>Zoom in (Ctrl+wheel)</translation>
    </message>
    <message>
        <source> 页</source>
        <translation> </translation>
    </message>
    <message>
        <source>共 %1 页</source>
        <translation>of %1</translation>
    </message>
    <message>
        <source>第 %1 页由文字识别得到</source>
        <translation>Page %1 was read by OCR</translation>
    </message>
    <message>
        <source>；橙色框为可信度低的行，请对照核对</source>
        <translation>; orange boxes are lines read with low confidence, check them</translation>
    </message>
    <message>
        <source>原版</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>PDF 报告的原始页面，标注画在所标的文字上</source>
        <translation>The PDF report&apos;s original pages, with the annotations drawn over their words</translation>
    </message>
    <message>
        <source>只有 PDF 报告有原版页面</source>
        <translation>Only PDF reports have original pages</translation>
    </message>
</context>
<context>
    <name>PointsBox</name>
    <message>
        <source>未评</source>
        <translation>Not scored</translation>
    </message>
    <message>
        <source>%1 分超过满分 %2 分，未保存</source>
        <translation>%1 points is over the maximum of %2; not saved</translation>
    </message>
    <message>
        <source>分数不能小于 0，未保存</source>
        <translation>A score cannot be below 0; not saved</translation>
    </message>
</context>
<context>
    <name>PrintController</name>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>打印当前报告及其标注和批注</source>
        <translation>Print the open report with its annotations and notes</translation>
    </message>
    <message>
        <source>导出为 PDF…</source>
        <translation>Export as PDF…</translation>
    </message>
    <message>
        <source>把当前报告及其标注和批注保存为 PDF 文件</source>
        <translation>Save the open report with its annotations and notes as a PDF file</translation>
    </message>
    <message>
        <source>无法打印</source>
        <translation>Cannot print</translation>
    </message>
    <message>
        <source>批注稿</source>
        <translation>annotated</translation>
    </message>
    <message>
        <source>无法导出 PDF</source>
        <translation>Cannot export PDF</translation>
    </message>
    <message>
        <source>已导出 PDF（%1 页）：%2</source>
        <translation>PDF exported (%1 pages): %2</translation>
    </message>
</context>
<context>
    <name>PrintReport</name>
    <message>
        <source>单下划线</source>
        <extracomment>Left, top, right, bottom margins in mm: GB/T 9704&apos;s 天头 37 mm and 订口 28 mm, body 156 × 225 mm on A4. Point sizes: body 四号, title 二号, legend and end notes 小四, header and footer 五号 less a little. The 公文 faces (print_layout.FACES), the reader&apos;s after them. Characters no file name may hold (unit names may hold slashes).</extracomment>
        <translation>single underline</translation>
    </message>
    <message>
        <source>虚下划线</source>
        <translation>dashed underline</translation>
    </message>
    <message>
        <source>波浪线</source>
        <translation>wavy underline</translation>
    </message>
    <message>
        <source>标注：</source>
        <translation>Annotations: </translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>（%1）</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>；底色越深，重叠的标注越多。</source>
        <translation>; the deeper the shade, the more annotations overlap.</translation>
    </message>
    <message>
        <source>上标数字为批注序号，批注列于文末。</source>
        <translation>Superscript numbers refer to the notes listed at the end.</translation>
    </message>
    <message>
        <source>批注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>〔%1〕</source>
        <translation>[%1]</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>：%1</source>
        <translation>: %1</translation>
    </message>
    <message>
        <source>（评阅人：%1）</source>
        <translation> (reviewer: %1)</translation>
    </message>
    <message>
        <source>第 %1 页 共 %2 页</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <source>%1 年度</source>
        <translation>year %1</translation>
    </message>
    <message>
        <source>无法写入 PDF 文件：%1</source>
        <translation>Cannot write the PDF file: %1</translation>
    </message>
</context>
<context>
    <name>ReadOnlyBanner</name>
    <message>
        <source>重新以可写方式打开</source>
        <extracomment>How often a read-only window asks SQLite whether another connection committed.</extracomment>
        <translation>Open for Editing Again</translation>
    </message>
    <message>
        <source>另一处关闭此项目后，可以在这里重新打开并修改</source>
        <translation>Once the other window or computer has closed the project, reopen it here to edit</translation>
    </message>
    <message>
        <source>只读：%1</source>
        <translation>Read-only: %1</translation>
    </message>
    <message>
        <source>可以阅读、查看评分和导出，不能标注或修改。</source>
        <translation>You can read, see scores and export, but not tag or change anything.</translation>
    </message>
</context>
<context>
    <name>ReadOnlyMode</name>
    <message>
        <source>只读提示</source>
        <translation>Read-only notice</translation>
    </message>
</context>
<context>
    <name>ReportInfoDialog</name>
    <message>
        <source>报告信息</source>
        <translation>Report details</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>单位：</source>
        <translation>Unit:</translation>
    </message>
    <message>
        <source>年度：</source>
        <translation>Year:</translation>
    </message>
</context>
<context>
    <name>RoundChart</name>
    <message>
        <source>导入报告并评分后，这里显示各单位的总分和标注数。</source>
        <translation>Import and score reports to see each unit’s total and annotation counts here.</translation>
    </message>
    <message>
        <source>总分（满分 %1）</source>
        <translation>Total (out of %1)</translation>
    </message>
    <message>
        <source>标注数</source>
        <translation>Annotations</translation>
    </message>
    <message>
        <source>未评</source>
        <translation>Not scored</translation>
    </message>
</context>
<context>
    <name>RoundDialog</name>
    <message>
        <source>本轮已有评分。换成“%1”后：</source>
        <translation>This assessment round already has scores. After switching to “%1”:</translation>
    </message>
    <message>
        <source>· 编号相同的 %1 个评分项保留原有分数；</source>
        <translation>· %1 criteria with the same ID keep their scores;</translation>
    </message>
    <message>
        <source>· %1 个评分项（%2）在新细则中没有，其分数将不再显示，但仍保存在项目中，换回原细则即可恢复。</source>
        <translation>· %1 criteria (%2) are not in the new rubric: their scores are no longer shown but stay in the project and come back if you switch back to the previous rubric.</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>是否继续？</source>
        <translation>Continue?</translation>
    </message>
    <message>
        <source>评审轮次设置</source>
        <translation>Assessment round settings</translation>
    </message>
    <message>
        <source>例如：2024年度乡镇法治政府建设年度报告评审</source>
        <translation>e.g. Review of the townships’ 2024 rule-of-law government reports</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>未设置</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>载入细则文件…</source>
        <translation>Load rubric file…</translation>
    </message>
    <message>
        <source>默认细则</source>
        <translation>Default rubric</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>评分项</source>
        <translation>Criterion</translation>
    </message>
    <message>
        <source>满分</source>
        <translation>Max. points</translation>
    </message>
    <message>
        <source>分组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>（待应用）</source>
        <translation>(to be applied)</translation>
    </message>
    <message>
        <source>评分细则：%1，共 %2 项，满分 %3 分</source>
        <translation>Rubric: %1, %2 criteria, %3 points in all</translation>
    </message>
    <message>
        <source>载入评分细则</source>
        <translation>Load rubric</translation>
    </message>
</context>
<context>
    <name>RoundSuggestionsAction</name>
    <message>
        <source>为全部报告计算标注建议…</source>
        <translation>Compute Suggestions for All Reports…</translation>
    </message>
    <message>
        <source>在后台分析项目中的全部报告，列出待定的举措、数据和不足建议</source>
        <translation>Analyse every report of the project in the background and list pending measure, figure and weakness suggestions</translation>
    </message>
    <message>
        <source>计算标注建议</source>
        <extracomment>The last run&apos;s answer: doc id -&gt; open suggestions (tests read it).</extracomment>
        <translation>Compute Suggestions</translation>
    </message>
    <message>
        <source>正在分析报告…</source>
        <translation>Analysing reports…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在分析：%1</source>
        <translation>Analysing: %1</translation>
    </message>
    <message>
        <source>已分析 %1 份报告，共 %2 条待定的标注建议</source>
        <translation>%1 reports analysed, %2 pending suggestions</translation>
    </message>
</context>
<context>
    <name>ScoringCommands</name>
    <message>
        <source>未评</source>
        <translation>Not scored</translation>
    </message>
    <message>
        <source>评分“%1”：%2</source>
        <translation>Score “%1”: %2</translation>
    </message>
    <message>
        <source>评语“%1”</source>
        <translation>Comment “%1”</translation>
    </message>
    <message>
        <source>添加评分依据“%1”</source>
        <translation>Add evidence to “%1”</translation>
    </message>
    <message>
        <source>移除评分依据“%1”</source>
        <translation>Remove evidence from “%1”</translation>
    </message>
</context>
<context>
    <name>ScoringPane</name>
    <message>
        <source>标为已完成</source>
        <extracomment>A store refusal, in Chinese, for the status bar.</extracomment>
        <translation>Mark as done</translation>
    </message>
    <message>
        <source>打开一份报告后在此评分。</source>
        <translation>Open a report to score it here.</translation>
    </message>
    <message>
        <source>标为评阅中</source>
        <translation>Mark as in review</translation>
    </message>
    <message>
        <source> · 各评阅人平均 %1</source>
        <translation> · reviewers’ mean %1</translation>
    </message>
    <message>
        <source>正在查找法定部分…</source>
        <translation>Looking for the statutory parts…</translation>
    </message>
    <message>
        <source>未评</source>
        <translation>Not scored</translation>
    </message>
    <message>
        <source>总分 %1 / %2（已评 %3/%4 项）</source>
        <translation>Total %1 / %2 (%3 of %4 criteria scored)</translation>
    </message>
    <message>
        <source>举措成效</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>不足原因</source>
        <translation>Weaknesses</translation>
    </message>
    <message>
        <source>第一责任人职责</source>
        <translation>Leadership</translation>
    </message>
    <message>
        <source>下年安排</source>
        <translation>Plans</translation>
    </message>
    <message>
        <source>其他情况</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>缺少：%1</source>
        <translation>Missing: %1</translation>
    </message>
    <message>
        <source>！未分析原因</source>
        <translation>! Causes not analysed</translation>
    </message>
    <message>
        <source>“存在的不足”部分只列问题，没有分析原因</source>
        <translation>The weaknesses part lists problems without analysing their causes</translation>
    </message>
    <message>
        <source>法定部分 %1/5：</source>
        <translation>Statutory parts %1/5: </translation>
    </message>
    <message>
        <source>单击已找到的部分可跳转到原文</source>
        <translation>Click a part that was found to jump to it</translation>
    </message>
    <message>
        <source>“%1”：%2</source>
        <translation>“%1”: %2</translation>
    </message>
    <message>
        <source>请先在标注列表中选择要作为依据的标注。</source>
        <translation>First select the annotations to cite as evidence in the annotation list.</translation>
    </message>
    <message>
        <source>只能引用本文档中的标注作为评分依据。</source>
        <translation>Only annotations of this document can be cited as evidence.</translation>
    </message>
</context>
<context>
    <name>SearchPane</name>
    <message>
        <source>报告</source>
        <extracomment>Milliseconds the box waits after a key before searching. Hits listed at most (a one-character query can have tens of thousands). Height (pixels) the dock gets when first opened below the document.</extracomment>
        <translation>Report</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>上下文</source>
        <translation>Context</translation>
    </message>
    <message>
        <source>第 %1 字</source>
        <translation>character %1</translation>
    </message>
    <message>
        <source>在全部报告中搜索（全角、半角视为相同）</source>
        <translation>Search all reports (full-width and half-width alike)</translation>
    </message>
    <message>
        <source>未打开项目</source>
        <translation>No project open</translation>
    </message>
    <message>
        <source>没有找到</source>
        <translation>Not found</translation>
    </message>
    <message>
        <source>超过 %1 处，只列出前 %1 处</source>
        <translation>More than %1 hits; the first %1 are listed</translation>
    </message>
    <message>
        <source>共 %1 处，%2 份报告</source>
        <translation>%1 hits in %2 reports</translation>
    </message>
    <message>
        <source>在全部报告中搜索</source>
        <translation>Search all reports</translation>
    </message>
    <message>
        <source>在全部报告中搜索…</source>
        <translation>Search all reports…</translation>
    </message>
    <message>
        <source>在项目的全部报告中查找文字，列出每一处并可跳转</source>
        <translation>Find text in every report of the project, list each hit and jump to it</translation>
    </message>
</context>
<context>
    <name>SectionChooser</name>
    <message>
        <source>转到章节</source>
        <translation>Go to Section</translation>
    </message>
    <message>
        <source>输入标题中的文字筛选</source>
        <translation>Type words of a heading to filter</translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <source>示例批注</source>
        <extracomment>A tiny report: headings the outline finds, a figure to tag, a non-BMP character (𠀀) before it so a UTF-16/code-point mix-up shows as a wrong quote. (catalogue, context, source, expected): looked up through variables so that lupdate does not copy Qt&apos;s own strings into our .ts files. Words that pick spans for the screenshot: a clause with a digit is a figure, one with these verbs a measure, one with these words a weakness.</extracomment>
        <translation>Sample note</translation>
    </message>
</context>
<context>
    <name>SettingsActions</name>
    <message>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>界面语言、评阅人姓名</source>
        <translation>Interface language, reviewer name</translation>
    </message>
    <message>
        <source>界面语言已更改，重新启动评阅台后生效。</source>
        <translation>Interface language changed; it applies when ReviewDesk is restarted.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>跟随系统</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>记录在每条标注和评分上</source>
        <translation>Recorded on every annotation and score</translation>
    </message>
    <message>
        <source>显示标注建议</source>
        <translation>Show annotation suggestions</translation>
    </message>
    <message>
        <source>在正文中用虚下划线标出可能的举措、数据和不足，并在标注列表下列出“建议”</source>
        <translation>Mark likely measures, figures and weaknesses with a dashed underline in the text and list them under “Suggestions” below the annotations</translation>
    </message>
    <message>
        <source>界面语言在重新启动评阅台后生效。</source>
        <translation>The interface language applies when ReviewDesk is restarted.</translation>
    </message>
    <message>
        <source>界面语言：</source>
        <translation>Interface language:</translation>
    </message>
    <message>
        <source>评阅人姓名：</source>
        <translation>Reviewer name:</translation>
    </message>
</context>
<context>
    <name>SplitDialog</name>
    <message>
        <source>拆分汇编</source>
        <translation>Split Compilation</translation>
    </message>
    <message>
        <source>《%1》里发现 %2 篇报告，像是一本汇编。拆分导入时每篇作为一份单独的报告导入，可以各自标注、评分；请核对每篇的标题、单位、年度和起始页，取消勾选不需要导入的报告。</source>
        <translation>%2 reports were found in “%1”: it looks like a compilation. Split, each report is imported as a report of its own that can be annotated and scored on its own; check each title, unit, year and first page, and untick the reports not to import.</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>起始页</source>
        <translation>First page</translation>
    </message>
    <message>
        <source>页码</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>开头</source>
        <translation>Beginning</translation>
    </message>
    <message>
        <source>导入这篇报告</source>
        <translation>Import this report</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>拆分导入</source>
        <translation>Split and Import</translation>
    </message>
    <message>
        <source>整体导入（作为一篇）</source>
        <translation>Import Whole (as One Report)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>第 %1 页</source>
        <translation>page %1</translation>
    </message>
    <message>
        <source>第 %1–%2 页</source>
        <translation>pages %1–%2</translation>
    </message>
</context>
<context>
    <name>StatusParts</name>
    <message>
        <source>按 %1 标为“%2”</source>
        <translation>Press %1 for “%2”</translation>
    </message>
    <message>
        <source>（未设置）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>评阅人：%1</source>
        <translation>Reviewer: %1</translation>
    </message>
</context>
<context>
    <name>SuggestionList</name>
    <message>
        <source>回车接受，按 1 / 2 / 3 改为举措 / 数据 / 不足后接受，Delete 拒绝</source>
        <translation>Enter accepts; 1 / 2 / 3 accepts as measure / figure / weakness; Delete rejects</translation>
    </message>
    <message>
        <source>建议（%1）</source>
        <translation>Suggestions (%1)</translation>
    </message>
    <message>
        <source>建议（正在分析…）</source>
        <translation>Suggestions (analysing…)</translation>
    </message>
    <message>
        <source>接受建议</source>
        <translation>Accept Suggestion</translation>
    </message>
    <message>
        <source>改为“%1”并接受</source>
        <translation>Accept as “%1”</translation>
    </message>
    <message>
        <source>拒绝建议</source>
        <translation>Reject Suggestion</translation>
    </message>
    <message>
        <source>接受本节全部『%1』建议</source>
        <translation>Accept All “%1” Suggestions in This Section</translation>
    </message>
</context>
<context>
    <name>SuggestionModel</name>
    <message>
        <source>类型</source>
        <extracomment>Texts longer than this are looked at in a worker (shorter ones at once: about 1 ms per 1,000 characters). The open suggestions of the shown report changed (recomputed or decided on). The shown report&apos;s placed annotations (id -&gt; start, end, tag), kept up to date from the change sets&apos; deltas (read whole only on a switch or a whole reload). Synchronous computations and worker runs (tests count them). Suggestions computed before, by (doc_id, content_sha256): a report shown again, or computed with the whole round, is not looked at again.</extracomment>
        <translation>Tag</translation>
    </message>
    <message>
        <source>原文</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>UndoCommands</name>
    <message>
        <source>标注“%1”</source>
        <translation>Tag “%1”</translation>
    </message>
    <message>
        <source>删除标注</source>
        <translation>Delete annotation</translation>
    </message>
    <message>
        <source>删除 %1 条标注</source>
        <translation>Delete %1 annotations</translation>
    </message>
    <message>
        <source>改为“%1”</source>
        <translation>Change to “%1”</translation>
    </message>
    <message>
        <source>接受建议“%1”</source>
        <translation>accept suggestion “%1”</translation>
    </message>
    <message>
        <source>接受 %1 条建议</source>
        <translation>accept %1 suggestions</translation>
    </message>
    <message>
        <source>拒绝 %1 条建议</source>
        <translation>reject %1 suggestions</translation>
    </message>
    <message>
        <source>编辑批注</source>
        <translation>Edit note</translation>
    </message>
    <message>
        <source>导入 %1 条标注</source>
        <translation>Import %1 annotations</translation>
    </message>
    <message>
        <source>修改报告信息</source>
        <translation>Edit report details</translation>
    </message>
    <message>
        <source>删除报告“%1”</source>
        <translation>Delete report “%1”</translation>
    </message>
    <message>
        <source>删除报告</source>
        <translation>Delete report</translation>
    </message>
    <message>
        <source>导入报告“%1”</source>
        <translation>Import report “%1”</translation>
    </message>
    <message>
        <source>替换为新版本“%1”</source>
        <translation>Replace with new version “%1”</translation>
    </message>
    <message>
        <source>恢复历史版本 %1</source>
        <translation>Restore earlier version %1</translation>
    </message>
    <message>
        <source>修改评审轮次</source>
        <translation>Edit assessment round</translation>
    </message>
    <message>
        <source>更换评分细则“%1”</source>
        <translation>Change rubric to “%1”</translation>
    </message>
</context>
<context>
    <name>VersionsDialog</name>
    <message>
        <source>历史版本</source>
        <translation>Earlier Versions</translation>
    </message>
    <message>
        <source>“%1”被新版本替换前的文本。恢复某个版本时，当前文本也会保存为历史版本，标注会重新定位；可以撤销（Ctrl+Z）。</source>
        <translation>Texts of “%1” before new versions replaced them. Restoring one keeps the current text as an earlier version too and re-anchors the annotations; it can be undone (Ctrl+Z).</translation>
    </message>
    <message>
        <source>被替换的时间</source>
        <translation>Replaced</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>字数</source>
        <translation>Characters</translation>
    </message>
    <message>
        <source>导入时间</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>这份报告还没有被替换过。</source>
        <translation>This report has not been replaced yet.</translation>
    </message>
    <message>
        <source>恢复此版本</source>
        <translation>Restore This Version</translation>
    </message>
</context>
</TS>
