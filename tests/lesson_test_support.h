#pragma once
// What tst_lesson_files and tst_lesson_workbench share: a file's bytes read and written, a
// PDF's pages counted, a sample lesson with every kind of step, and two lessons compared field
// by field.
#include <QByteArray>
#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QtTest>

#include "lesson.h"

namespace lessontest {

using namespace ds::ui;

inline QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

// Pages of a PDF as Qt's writer makes them: one "/Type /Page" object each ("/Pages" is the tree).
inline int pdfPages(const QByteArray& pdf) {
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    int n = 0;
    auto it = page.globalMatch(QString::fromLatin1(pdf));
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

inline Lesson sampleLesson(const QString& dir) {
    Lesson l;
    l.title = QStringLiteral("Cats, “quoted”, 日本語");
    l.language = QStringLiteral("en");
    l.variant = QStringLiteral("densenet169");
    l.weights = QStringLiteral("imagenet");
    l.image = dir + QStringLiteral("/pics/cat.png");
    LessonStep a;
    a.kind = LessonStepKind::Cam;
    a.title = QStringLiteral("Where");
    a.note = QStringLiteral("Line one.\nLine two.");
    a.layer = QStringLiteral("features.norm5");
    a.classIndex = 281;
    a.method = QStringLiteral("gradcampp");
    a.image = QStringLiteral("/elsewhere/dog.jpg");
    LessonStep b;
    b.kind = LessonStepKind::TopImages;
    b.title = QStringLiteral("Top");
    b.layer = QStringLiteral("features.denseblock3");
    b.channel = 17;
    b.folder = dir + QStringLiteral("/photos");
    LessonStep c;
    c.kind = LessonStepKind::Reuse;
    c.title = QStringLiteral("Reuse");
    c.block = 2;
    l.steps << a << b << c;
    for (const QString& kind : stepKindNames()) {
        LessonStep s;
        s.kind = *stepKindFromName(kind);
        s.title = kind;
        l.steps << s;
    }
    return l;
}

inline void compareLessons(const Lesson& x, const Lesson& y) {
    QCOMPARE(x.title, y.title);
    QCOMPARE(x.language, y.language);
    QCOMPARE(x.variant, y.variant);
    QCOMPARE(x.weights, y.weights);
    QCOMPARE(x.image, y.image);
    QCOMPARE(x.steps.size(), y.steps.size());
    for (int i = 0; i < x.steps.size(); ++i) {
        const LessonStep &a = x.steps[i], &b = y.steps[i];
        QCOMPARE(stepKindName(a.kind), stepKindName(b.kind));
        QCOMPARE(a.title, b.title);
        QCOMPARE(a.note, b.note);
        QCOMPARE(a.image, b.image);
        QCOMPARE(a.layer, b.layer);
        QCOMPARE(a.channel, b.channel);
        QCOMPARE(a.classIndex, b.classIndex);
        QCOMPARE(a.method, b.method);
        QCOMPARE(a.folder, b.folder);
        QCOMPARE(a.block, b.block);
    }
}

}  // namespace lessontest
