"""What the commands print on the terminal, in Chinese (the default) and English: one template per
sentence, filled with `say(lang, key, **figures)`. Names from the instance are never translated."""

from __future__ import annotations

from models.calendar import Lang

PHRASES: dict[str, dict[str, str]] = {
    "zh": {
        "error": "错误",
        "internal_error": "内部错误",
        "impossible": "无解",
        "wrote": "已写入 {path}",
        "wrote_checked": "已写入 {path}（已核验：合规）",
        "wrote_school": "已写入 {path}：{classes} 个班级，{teachers} 位教师",
        "wrote_folder": "已写入 {folder}/：{files} 个文件（solution.json、timetable.xlsx、csv/、site/）；请打开 {site}",
        "nothing_written": "没有课表，{folder}/ 中未写入任何文件",
        "stopped_early": "搜索开始前已停止：未写入任何文件",
        "all_hard_pass": "合规检查：[green]全部 {count} 条硬性规则通过[/green]（独立检查器）",
        "not_published": "课表违反硬性规则：未发布",
        "instance_not_found": "找不到它所指的实例文件“{named}”，请用 --instance 指定",
        "format_choice": "“{value}”既不是 text 也不是 json",
        "template_suffix": "{name} 的扩展名须为 .xlsx 或 .csv",
        "option_choice": "“{value}”不是 {choices} 之一",
        "valid": "有效：{school}，{classes} 个班级，{teachers} 位教师，每周共 {lessons} 节（按班计）",
        "counting_impossible": "不可能排出课表（计数检查）：",
        "seconds": "（用时 {seconds:.1f} 秒）",
        "imported_exactly": "已写入 {path}：{classes} 个班级，{teachers} 位教师，全部按原义导入",
        "imported_approximately": "已写入 {path}：{classes} 个班级，{teachers} 位教师，有上述近似和省略",
        "status": "求解状态：[bold]{status}[/bold]",
        "time": "  用时：{seconds} 秒",
        "moved": "移动的课：{count} 节",
        "objective": "软性要求扣分：{objective}",
        "bound": "  下界：{bound}  差距：{gap:.2%}",
        "soft_cost": "  {title}：{count} × 权重 {weight}",
        "other_soft": "  其余 {count} 条软性要求：0",
        "deterministic": "确定性时间：{time}，{solver}",
        "changes": "按{by}列出的调整：{count} 处",
        "before": "调整前",
        "after": "调整后",
        "hard": "硬性",
        "soft": "软性（权重 {weight}）",
        "source": "依据：{source}",
        "no_calendar": "没有 calendar: 一节（校历），无法按日期核查学期",
        "calendar_missing_year": "chinese-calendar 没有 {year} 年的放假安排：这一年的节假日和调休请按国务院通知手工补上",
        "wrote_calendar": "已写入 {path}：{holidays} 个假期，{makeup} 个调休上课日",
        "term_summary": (
            "{name} {start} – {end}：{teaching} 个上课日（其中调休 {makeup} 天），{weeks} 个教学周，"
            "{holidays} 天放假，{exams} 天考试"
        ),
        "weekday_counts": "各星期的课表运行次数：{counts}",
        "term_ok": "[green]学期核查通过[/green]",
        "cover_refused": "调代课方案未通过独立检查，未写入任何文件",
        "cover_summary": (
            "{lessons} 节课需要安排：调课 {swap} 节，代课 {substitute} 节，合班 {merge} 节，室内课 {indoor} 节，"
            "自习 {self_study} 节，其中补课 {makeup} 节（用时 {seconds:.1f} 秒）"
        ),
        "cover_none": "没有可行的安排：下列课无法安排，原因如下",
        "cover_limits": "没有可行的安排：下列上限同时成立时无法安排",
        "district_none": "走教安排不可行：{rounds} 轮后，没有让各校都有课表的走教日程",
        "district_done": "{schools} 所学校（{rounds} 轮）：{counts}",
        "xhstt_total": "不可行度 {infeasibility}，目标值 {objective}",
        "xhstt_unsupported": "未计算的约束类型（不计入合计）：{types}",
        "xhstt_no_solutions": "文件中没有解",
        "xhstt_unknown_instance": "解所引用的实例“{instance}”不在实例文件中",
        "xhstt_no_instance": "文件中没有实例“{instance}”",
        "xhstt_out_needs_timetable": "只有评估减负排课的课表时才能用 --out 写出 XHSTT 解",
        "xhstt_which_instance": "文件中有多个实例（{instances}），请用 --instance 指定一个",
        "xhstt_status": "求解状态：[bold]{status}[/bold]（用时 {seconds:.1f} 秒）",
        "xhstt_improvement": "{seconds:6.1f} 秒  {step}：不可行度 {infeasibility}，目标值 {objective}",
        "xhstt_evaluated": "评估器独立核算：不可行度 {infeasibility}，目标值 {objective}",
        "xhstt_bound": "求解器下界：不可行度 {infeasibility}，目标值 {objective}",
        "xhstt_start": "从 {path} 中最好的解出发：不可行度 {infeasibility}，目标值 {objective}",
        "xhstt_no_solution_of": "文件中没有实例“{instance}”的解",
        "xhstt_left_out": "近似求解：以下约束未建模，已略去（评估器仍计入）：{constraints}",
        "xhstt_no_solution": "时限内没有找到解（{status}）：未写入任何文件",
        "xhstt_disagree": "模型的代价（{model_infeasibility}，{model_objective}）与评估器不一致：未写入任何文件",
        "xhstt_bound_blocks": "按“{kind}”类资源分块的列生成：{rounds} 轮，{columns} 列，{status}",
        "xhstt_bound_value": "不可行度为 0 的解，目标值至少为 [bold]{bound}[/bold]（拉格朗日下界 {lagrangian:.3f}）",
        "xhstt_bound_spanning": "跨块的约束点在块内略去（下界仍成立，只是更弱）：{constraints}",
        "xhstt_bound_model_untimed": "求解器模型不安排这些事件的一部分时间（实例允许）：{ids}；此下界只对模型成立",
        "xhstt_bound_model_soft_splits": "求解器模型把这些软拆分约束当作硬约束：{ids}；此下界只对模型成立",
        "xhstt_bound_model_crossing": "求解器模型不让这些事件的课次跨天（实例允许）：{ids}；此下界只对模型成立",
        "xhstt_bound_no_solution": "没有不可行度为 0 的解可供比较",
        "xhstt_bound_proven": "最好的解（不可行度 0）目标值 {objective}：[bold]已证明最优[/bold]",
        "xhstt_bound_proven_model": "最好的解（不可行度 0）目标值 {objective}：在求解器模型中已证明最优",
        "xhstt_bound_gap": "最好的解（不可行度 0）目标值 {objective}：与下界相差 {gap}",
        "xhstt_bound_no_blocks": "没有哪一类资源让每个事件恰好有一个：无法分块，没有下界",
        "xhstt_bound_infeasible": "某一块在不可行度为 0 时无解：求解器模型没有不可行度为 0 的解",
        "xhstt_bound_time_limit": "时限内没有得到下界",
        "district_school_failed": "{school}排不出课表：",
        "district_unplaced": (
            "{teacher}在{schools}的课排不进一周：各班该学科每天的上限、固排、本人的不排课时间和路程之下，天数或节次不够"
        ),
        "remedies": "只需改动其中一项就能排出课表（均已由求解器验证）：",
        "no_remedy": "单独改动场地容量、教师每天课时上限或不排课时间中的任何一项，都不足以排出课表",
        "not_a_folder": "不是文件夹",
        "batch_progress": "各校进行中",
        "batch_done": "{schools} 所学校（跳过已完成 {skipped} 所）：{counts}；总览见 {out}/dashboard.html",
        "absences_without_cover": "须与 --cover（调代课记录）一起使用",
        "calendar_order": "{end} 早于 --start {start}，或学期超过一年",
        "makeup_suggestion": "建议：{date} 调休上{runs}的课（现为{now}），各星期的课表次数更均衡",
        "term_found": "学期核查：违反硬性规则 {hard} 处，提示 {findings} 处",
        "relevant_differences": "影响规则数据的差异",
        "other_differences": "其他差异",
        "new_violations": "实际课表违反而公示课表不违反的规则：",
        "compare_relevant": "[red]公示课表与实际课表不一致，且影响规则数据（阴阳课表）[/red]",
        "compare_other": "公示课表与实际课表有差异，但不影响任何规则数据",
        "compare_same": "[green]公示课表与实际课表一致[/green]",
    },
    "en": {
        "error": "error",
        "internal_error": "internal error",
        "impossible": "impossible",
        "wrote": "wrote {path}",
        "wrote_checked": "wrote {path} (checked: compliant)",
        "wrote_school": "wrote {path}: {classes} classes, {teachers} teachers",
        "wrote_folder": "wrote {folder}/: {files} files (solution.json, timetable.xlsx, csv/, site/); open {site}",
        "nothing_written": "no timetable, so nothing written to {folder}/",
        "stopped_early": "stopped before the search began: nothing written",
        "all_hard_pass": "compliance: [green]all {count} hard rules pass[/green] (independent checker)",
        "not_published": "the timetable breaks hard rules: nothing published",
        "instance_not_found": "instance '{named}' not found; give it with --instance",
        "format_choice": "'{value}' is neither text nor json",
        "template_suffix": "{name} must end in .xlsx or .csv",
        "option_choice": "'{value}' is not one of {choices}",
        "valid": "valid: {school}, {classes} classes, {teachers} teachers, {lessons} class-lessons a week",
        "counting_impossible": "No timetable can exist (counting checks):",
        "seconds": "({seconds:.1f} s)",
        "imported_exactly": "wrote {path}: {classes} classes, {teachers} teachers, imported exactly",
        "imported_approximately": (
            "wrote {path}: {classes} classes, {teachers} teachers, imported with the approximations and omissions above"
        ),
        "status": "status: [bold]{status}[/bold]",
        "time": "  time: {seconds} s",
        "moved": "moved lessons: {count}",
        "objective": "objective: {objective}",
        "bound": "  bound: {bound}  gap: {gap:.2%}",
        "soft_cost": "  {title}: {count} × {weight}",
        "other_soft": "  the other {count} soft rules: 0",
        "deterministic": "deterministic time: {time}, {solver}",
        "changes": "changes by {by}: {count}",
        "before": "before",
        "after": "after",
        "hard": "hard",
        "soft": "soft ({weight})",
        "source": "source: {source}",
        "no_calendar": "has no calendar: section (a school calendar), so the term cannot be checked by date",
        "calendar_missing_year": (
            "chinese-calendar has no data for {year}: add that year's holidays and make-up days by hand, "
            "from the State Council's notice"
        ),
        "wrote_calendar": "wrote {path}: {holidays} holidays, {makeup} make-up working days",
        "term_summary": (
            "{name} {start} – {end}: {teaching} teaching days ({makeup} make-up days), {weeks} teaching weeks, "
            "{holidays} days of holiday, {exams} exam days"
        ),
        "weekday_counts": "how often each weekday's timetable runs: {counts}",
        "term_ok": "[green]term audit: nothing found[/green]",
        "cover_refused": "the change set failed the independent check: nothing written",
        "cover_summary": (
            "{lessons} lessons to hold: {swap} swaps, {substitute} substitutes, {merge} merged, {indoor} indoor, "
            "{self_study} self-study, {makeup} of them made up later ({seconds:.1f} s)"
        ),
        "cover_none": "no change set: nothing can hold these lessons, for these reasons",
        "cover_limits": "no change set: these limits together leave none",
        "district_none": "no plan for the shared teachers: after {rounds} rounds, no days give every school a timetable",
        "district_done": "{schools} schools ({rounds} rounds): {counts}",
        "xhstt_total": "infeasibility {infeasibility}, objective {objective}",
        "xhstt_unsupported": "constraint types not evaluated (left out of the totals): {types}",
        "xhstt_no_solutions": "the file holds no solutions",
        "xhstt_unknown_instance": "a solution refers to instance '{instance}', which the instance file does not hold",
        "xhstt_no_instance": "the file holds no instance '{instance}'",
        "xhstt_out_needs_timetable": "--out writes a jianfu timetable (solution JSON, .xlsx, .csv) as an XHSTT solution",
        "xhstt_which_instance": "the file holds several instances ({instances}): name one with --instance",
        "xhstt_status": "status: [bold]{status}[/bold] ({seconds:.1f} s)",
        "xhstt_improvement": "{seconds:6.1f} s  {step}: infeasibility {infeasibility}, objective {objective}",
        "xhstt_evaluated": "scored independently by the evaluator: infeasibility {infeasibility}, objective {objective}",
        "xhstt_bound": "the search's bound: infeasibility {infeasibility}, objective {objective}",
        "xhstt_start": "starting from the best solution in {path}: infeasibility {infeasibility}, objective {objective}",
        "xhstt_no_solution_of": "the file holds no solution of instance '{instance}'",
        "xhstt_left_out": (
            "approximate: these constraints are not modelled and were left out (the evaluator counts them): {constraints}"
        ),
        "xhstt_no_solution": "no solution found within the time limit ({status}): nothing written",
        "xhstt_disagree": (
            "the model's cost ({model_infeasibility}, {model_objective}) differs from the evaluator's: nothing written"
        ),
        "xhstt_bound_blocks": (
            "column generation over the weeks of each {kind}: {rounds} rounds, {columns} columns, {status}"
        ),
        "xhstt_bound_value": (
            "every solution at infeasibility 0 has an objective of at least [bold]{bound}[/bold] "
            "(Lagrangian bound {lagrangian:.3f})"
        ),
        "xhstt_bound_spanning": (
            "points of application spanning blocks left out of the blocks (the bound holds, weaker): {constraints}"
        ),
        "xhstt_bound_model_untimed": (
            "the solver's model never leaves part of these events untimed, as the instance may: {ids}; "
            "the bound is the model's"
        ),
        "xhstt_bound_model_soft_splits": (
            "the solver's model holds these soft SplitEvents constraints as hard: {ids}; the bound is the model's"
        ),
        "xhstt_bound_model_crossing": (
            "the solver's model never lets a part of these events run over two days, as the instance "
            "may: {ids}; the bound is the model's"
        ),
        "xhstt_bound_no_solution": "no solution at infeasibility 0 to compare with",
        "xhstt_bound_proven": (
            "the best solution at infeasibility 0 has objective {objective}: [bold]proven optimal[/bold]"
        ),
        "xhstt_bound_proven_model": (
            "the best solution at infeasibility 0 has objective {objective}: optimal in the solver's model"
        ),
        "xhstt_bound_gap": "the best solution at infeasibility 0 has objective {objective}: {gap} above the bound",
        "xhstt_bound_no_blocks": "no resource type gives every event exactly one resource: no blocks, no bound",
        "xhstt_bound_infeasible": (
            "a block has no week at infeasibility 0: the solver's model has no solution at infeasibility 0"
        ),
        "xhstt_bound_time_limit": "no bound within the time limit",
        "district_school_failed": "{school} has no timetable:",
        "district_unplaced": (
            "{teacher}'s lessons at {schools} do not fit in the week: too few days or periods under each class's "
            "daily maximum of the subject, the fixed lessons, their blocked time and the travel"
        ),
        "remedies": "Any one of these changes alone makes a timetable possible (each proved by a solve):",
        "no_remedy": "no single change of a venue's capacity, a teacher's daily maximum or blocked time makes it possible",
        "not_a_folder": "is not a folder",
        "batch_progress": "schools",
        "batch_done": "{schools} schools ({skipped} skipped as done): {counts}; dashboard: {out}/dashboard.html",
        "absences_without_cover": "goes with --cover (a record of covers)",
        "calendar_order": "{end} is before --start {start}, or the term is longer than a year",
        "makeup_suggestion": "suggestion: run {runs}'s timetable on {date} (now {now}): the weekdays come out more even",
        "term_found": "term audit: {hard} breaches of hard rules, {findings} findings",
        "relevant_differences": "Differences that change a rule's figures",
        "other_differences": "Other differences",
        "new_violations": "Rules the timetable in use breaks and the posted one does not:",
        "compare_relevant": "[red]the posted timetable is not the one in use, and the difference changes rule figures[/red]",
        "compare_other": "the posted timetable differs from the one in use, without changing any rule's figures",
        "compare_same": "[green]the posted timetable is the one in use[/green]",
    },
}


def say(lang: Lang, key: str, **figures: object) -> str:
    """The sentence `key` in the language, with its figures filled in."""
    return PHRASES[lang][key].format(**figures)
