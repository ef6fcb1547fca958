"""FET's terms in Chinese: its constraint types and the fields jianfu reads, for the import report and
the problems of FET files. The words follow FET's Chinese interface where it has a fitting one (教学班
for an activity, 子组, 学年, 教室, 不可用时间, 首选); a type without a name here keeps its FET tag."""

from __future__ import annotations

TYPES_ZH = {
    "Activity": "教学班",
    "Hours_List": "课时",
    "Students_List": "学年",
    "Subgroup": "子组",
    "ConstraintBasicCompulsoryTime": "基本时间约束",
    "ConstraintBasicCompulsorySpace": "基本空间约束",
    "ConstraintBreakTimes": "全校休息时间",
    "ConstraintTeacherNotAvailableTimes": "教师不可用时间",
    "ConstraintStudentsSetNotAvailableTimes": "学生组不可用时间",
    "ConstraintRoomNotAvailableTimes": "教室不可用时间",
    "ConstraintActivityPreferredStartingTime": "教学班首选开始时间",
    "ConstraintActivityPreferredStartingTimes": "教学班的一组首选开始时间",
    "ConstraintActivityPreferredTimeSlots": "教学班的一组首选时段",
    "ConstraintActivitiesPreferredStartingTimes": "一组教学班的首选开始时间",
    "ConstraintActivitiesPreferredTimeSlots": "一组教学班的首选时段",
    "ConstraintSubactivitiesPreferredStartingTimes": "一组子教学班的首选开始时间",
    "ConstraintSubactivitiesPreferredTimeSlots": "一组子教学班的首选时段",
    "ConstraintMinDaysBetweenActivities": "一组教学班最少间隔天数",
    "ConstraintMaxDaysBetweenActivities": "一组教学班最多间隔天数",
    "ConstraintMinGapsBetweenActivities": "一组教学班最少间隔课时",
    "ConstraintTeacherMaxHoursDaily": "教师每天最多课时",
    "ConstraintTeachersMaxHoursDaily": "所有教师每天最多课时",
    "ConstraintTeacherMinHoursDaily": "教师每天最少课时",
    "ConstraintTeachersMinHoursDaily": "所有教师每天最少课时",
    "ConstraintTeacherMaxDaysPerWeek": "教师每周最多上课天数",
    "ConstraintTeachersMaxDaysPerWeek": "所有教师每周最多上课天数",
    "ConstraintTeacherMinDaysPerWeek": "教师每周最少上课天数",
    "ConstraintTeacherMaxGapsPerWeek": "教师每周最多空课",
    "ConstraintTeacherMaxGapsPerDay": "教师每天最多空课",
    "ConstraintTeachersMaxGapsPerWeek": "所有教师每周最多空课",
    "ConstraintTeachersMaxGapsPerDay": "所有教师每天最多空课",
    "ConstraintTeacherMaxHoursContinuously": "教师最多连续课时",
    "ConstraintTeachersMaxHoursContinuously": "所有教师最多连续课时",
    "ConstraintTeacherHomeRoom": "教师的主教室",
    "ConstraintTeacherHomeRooms": "教师的一组主教室",
    "ConstraintStudentsSetMaxGapsPerWeek": "学生组每周最多空课",
    "ConstraintStudentsMaxGapsPerWeek": "所有学生每周最多空课",
    "ConstraintStudentsSetMaxGapsPerDay": "学生组每天最多空课",
    "ConstraintStudentsMaxGapsPerDay": "所有学生每天最多空课",
    "ConstraintStudentsSetMaxHoursDaily": "学生组每天最多课时",
    "ConstraintStudentsMaxHoursDaily": "所有学生每天最多课时",
    "ConstraintStudentsSetMinHoursDaily": "学生组每天最少课时",
    "ConstraintStudentsMinHoursDaily": "所有学生每天最少课时",
    "ConstraintStudentsSetHomeRoom": "学生组的主教室",
    "ConstraintStudentsSetHomeRooms": "学生组的一组主教室",
    "ConstraintActivityPreferredRoom": "教学班首选教室",
    "ConstraintActivityPreferredRooms": "教学班的一组首选教室",
    "ConstraintSubjectPreferredRoom": "学科首选教室",
    "ConstraintSubjectPreferredRooms": "学科的一组首选教室",
    "ConstraintActivityTagPreferredRoom": "教学班标签首选教室",
    "ConstraintActivityTagPreferredRooms": "教学班标签的一组首选教室",
    "ConstraintActivitiesSameStartingTime": "一组教学班同时开始",
    "ConstraintActivitiesSameStartingHour": "一组教学班在同一节开始",
    "ConstraintActivitiesSameStartingDay": "一组教学班在同一天",
    "ConstraintActivitiesNotOverlapping": "一组教学班互不重叠",
    "ConstraintActivitiesOccupyMaxTimeSlotsFromSelection": "一组教学班在所选时段中最多占用的时段数",
    "ConstraintActivitiesOccupyMinTimeSlotsFromSelection": "一组教学班在所选时段中最少占用的时段数",
    "ConstraintActivitiesOccupyMaxDifferentRooms": "一组教学班最多占用的教室数",
    "ConstraintActivitiesSameRoomIfConsecutive": "连续的教学班在同一教室",
    "ConstraintActivityEndsStudentsDay": "教学班排在学生当天最后",
    "ConstraintActivitiesEndStudentsDay": "一组教学班排在学生当天最后",
    "ConstraintTwoActivitiesConsecutive": "两个教学班连排",
    "ConstraintTwoActivitiesGrouped": "两个教学班排在一起",
    "ConstraintThreeActivitiesGrouped": "三个教学班排在一起",
    "ConstraintTwoActivitiesOrdered": "两个教学班有先后顺序",
}

FIELDS_ZH = {
    "Duration": "时长",
    "Total_Duration": "总时长",
    "Id": "编号",
    "Activity_Group_Id": "教学班组编号",
    "Maximum_Hours_Daily": "每天最多课时",
    "Minimum_Hours_Daily": "每天最少课时",
    "Max_Days_Per_Week": "每周最多上课天数",
    "MinDays": "最少间隔天数",
    "Weight_Percentage": "权重百分比",
}


def type_zh(kind: str) -> str:
    """A FET constraint type (or structural part) in Chinese; its FET tag when it has no Chinese name here."""
    return TYPES_ZH.get(kind, kind)


def field_zh(tag: str) -> str:
    """A FET field in Chinese (时长 for <Duration>); its tag in brackets when it has no Chinese name here."""
    return FIELDS_ZH.get(tag, f"<{tag}>")
