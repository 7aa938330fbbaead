#include "status_panel.h"

#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QTimer>

#include "elided_label.h"
#include "retranslate.h"

namespace ds::ui {

namespace {
constexpr int kBusyDelayMs = 200;  // shorter work shows no progress (it would only flicker)

QString ms(double v) { return v < 10 ? QString::number(v, 'f', 1) : QString::number(qRound(v)); }
}  // namespace

StatusPanel::StatusPanel(QStatusBar* bar)
    : QObject(bar),
      m_bar(bar),
      m_timings(new ElidedLabel),
      m_device(new ElidedLabel),
      m_weights(new ElidedLabel),
      m_busyText(new QLabel),
      m_busy(new QProgressBar),
      m_delay(new QTimer(this)) {
    m_timings->setObjectName(QStringLiteral("timingsLabel"));
    m_device->setObjectName(QStringLiteral("statusDeviceLabel"));
    m_weights->setObjectName(QStringLiteral("statusWeightsLabel"));
    m_busy->setObjectName(QStringLiteral("busyIndicator"));
    m_busyText->setObjectName(QStringLiteral("busyLabel"));
    m_busy->setRange(0, 0);  // indeterminate: LibTorch reports no progress within a forward
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(m_busy->fontMetrics().averageCharWidth() * 16);
    m_busy->setMaximumHeight(m_busy->fontMetrics().height());
    m_busy->hide();
    m_busyText->hide();
    m_timings->setBaseToolTip(tr("Time of each stage of the last classification"));
    bar->addWidget(m_busy);
    bar->addWidget(m_busyText);
    // Zoomed in on a small screen the three do not fit side by side: they elide (the whole
    // text in the tooltip) rather than paint over each other.
    // They sit in a box of fixed size (refit()): a widget of fixed size does not pass its
    // children's geometry changes up, so new text relayouts the box only. Otherwise every
    // new timing relayouts the main window, and Qt's dock layout moves the dock separators a
    // few pixels each time: in live mode, 20 times a second, across the window.
    m_box = new QWidget;
    m_box->setObjectName(QStringLiteral("statusPermanent"));
    m_row = new QHBoxLayout(m_box);
    m_row->setContentsMargins(0, 0, 0, 0);
    m_row->addWidget(m_timings);
    m_row->addWidget(m_device);
    m_row->addWidget(m_weights);
    bar->addPermanentWidget(m_box);
    bar->installEventFilter(this);
    m_delay->setSingleShot(true);
    m_delay->setInterval(kBusyDelayMs);
    connect(m_delay, &QTimer::timeout, this, [this] {
        m_busy->setVisible(m_isBusy);
        m_busyText->setVisible(m_isBusy);
    });
    m_busyText->setText(tr("Ready"));
    onLanguageChange(
        this,
        [this] {
            m_timings->setBaseToolTip(tr("Time of each stage of the last classification"));
            if (!m_isBusy) m_busyText->setText(tr("Ready"));
            if (m_timed) setTimings(m_decodeMs, m_lastTimings);
            if (!m_weightsSpec.isNull()) setModel(m_device->text(), m_weightsSpec);
        },
        /*now=*/false);
}

void StatusPanel::insertPermanent(int index, QWidget* widget) {
    m_row->insertWidget(index, widget);
    refit();
}

void StatusPanel::refit() {
    m_row->invalidate();
    const int natural = m_row->sizeHint().width();
    // A sixth of the bar stays for the progress indicator and messages.
    const int room = std::max(0, m_bar->width() * 5 / 6);
    const int want = std::min(natural, room);
    const int height = m_row->sizeHint().height();
    const int now = m_box->maximumWidth();
    // Not for every change of a few characters (each refit relayouts the window once): grow
    // when the text no longer fits, shrink when it needs clearly less, follow the bar's size.
    const int slack = m_box->fontMetrics().averageCharWidth() * 12;
    // Another zoom: the size this type had before, when it still fits (a zoom undone gives
    // back the same status bar, not one grown on the way).
    const qreal points = m_box->font().pointSizeF();
    if (points != m_fitPoints) {
        if (m_fitPoints > 0) m_fitSizes.insert(m_fitPoints, m_box->size());
        m_fitPoints = points;
        const QSize before = m_fitSizes.value(points);
        if (before.isValid() && before.width() >= natural && before.width() <= room &&
            before.height() == height) {
            m_box->setFixedSize(before);
            return;
        }
    }
    if (now >= QWIDGETSIZE_MAX || want > now || want < now - slack || now > room ||
        m_box->maximumHeight() != height)
        // Growing, a little more than needed: the next few characters fit without a refit.
        m_box->setFixedSize(want > now ? std::min(natural + slack / 2, room) : want, height);
}

bool StatusPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_bar && event->type() == QEvent::Resize) refit();
    return QObject::eventFilter(watched, event);
}

void StatusPanel::setLive(bool live) {
    m_live = live;
    if (live) setBusy(false);
}

void StatusPanel::setBusy(bool busy, const QString& what) {
    m_isBusy = busy;
    if (!what.isEmpty()) m_busyText->setText(what);
    if (busy && !m_live) {
        if (!m_delay->isActive() && !m_busy->isVisible()) m_delay->start();
    } else {
        m_delay->stop();
        m_busy->hide();
        m_busyText->hide();
    }
}

void StatusPanel::setStage(const QString& what) { m_busyText->setText(what); }

void StatusPanel::setTimings(double decodeMs, const ds::Timings& t) {
    m_timed = true;
    m_decodeMs = decodeMs;
    m_lastTimings = t;
    m_timings->setFullText(
        tr("decode %1 ms · preprocess %2 ms · forward %3 ms · maps %4 ms")
            .arg(ms(decodeMs), ms(t.preprocessMs), ms(t.forwardMs), ms(t.mapsMs)));
    refit();
}

void StatusPanel::setModel(const QString& device, const QString& weights) {
    m_weightsSpec = weights;
    m_device->setFullText(device);
    const QString shown = weights.contains(QLatin1Char('/'))
                              ? QFileInfo(weights.section(QLatin1String(": "), -1)).fileName()
                              : weights;
    m_weights->setFullText(tr("weights: %1")
                               .arg(weights.startsWith(QLatin1String("imagenet"))
                                        ? QStringLiteral("imagenet ") + shown
                                        : shown));
    m_weights->setBaseToolTip(weights);
    refit();
}

QString StatusPanel::timingsText() const { return m_timings->text(); }

}  // namespace ds::ui
