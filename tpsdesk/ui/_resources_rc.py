# Resource object code (Python 3)
# Created by: object code
# Created by: The Resource Compiler for Qt version 6.12.0
# WARNING! All changes made in this file will be lost!

from PySide6 import QtCore

qt_resource_data = b"\
\x00\x00\x04Q\
/\
* tpsdesk: a lig\
ht touch over th\
e platform style\
; colours that r\
ead in light and\
 dark palettes. \
*/\x0aQGroupBox {\x0a \
   font-weight: \
600;\x0a    border:\
 1px solid palet\
te(midlight);\x0a  \
  border-radius:\
 8px;\x0a    margin\
-top: 14px;\x0a    \
padding: 10px 8p\
x 8px 8px;\x0a}\x0aQGr\
oupBox::title {\x0a\
    subcontrol-o\
rigin: margin;\x0a \
   left: 10px;\x0a \
   padding: 0 4p\
x;\x0a}\x0aQLabel#stre\
amTitle { font-s\
ize: 15pt; font-\
weight: 600; }\x0aQ\
Label#elapsedBig\
 { font-size: 15\
pt; font-family:\
 monospace; }\x0aQL\
abel#muted { col\
or: #6b7280; }\x0aQ\
Label#stateLabel\
 { color: palett\
e(dark); font-si\
ze: 11pt; }\x0aQLab\
el#resultHeadlin\
e { font-size: 1\
2pt; }\x0aQPushButt\
on#dangerButton \
{\x0a    background\
: #c62828;\x0a    c\
olor: white;\x0a   \
 border: 1px sol\
id #a61b1b;\x0a    \
border-radius: 6\
px;\x0a    padding:\
 6px 16px;\x0a    f\
ont-weight: 600;\
\x0a}\x0aQPushButton#d\
angerButton:hove\
r { background: \
#d73636; }\x0aQPush\
Button#dangerBut\
ton:focus { bord\
er: 2px solid #f\
fb4b4; }\x0aQPushBu\
tton#dangerButto\
n:disabled { bac\
kground: palette\
(midlight); colo\
r: palette(mid);\
 border-color: p\
alette(mid); }\x0aQ\
TableView { grid\
line-color: tran\
sparent; }\x0aQTool\
Bar#mainToolbar \
{ spacing: 6px; \
padding: 4px; }\x0a\
\
\x00\x00\x03\xc0\
<\
svg xmlns=\x22http:\
//www.w3.org/200\
0/svg\x22 width=\x2225\
6\x22 height=\x22256\x22 \
viewBox=\x220 0 256\
 256\x22>\x0a  <defs>\x0a\
    <linearGradi\
ent id=\x22bg\x22 x1=\x22\
0\x22 y1=\x220\x22 x2=\x220\x22\
 y2=\x221\x22>\x0a      <\
stop offset=\x220\x22 \
stop-color=\x22#2b3\
a55\x22/>\x0a      <st\
op offset=\x221\x22 st\
op-color=\x22#141c2\
b\x22/>\x0a    </linea\
rGradient>\x0a  </d\
efs>\x0a  <rect x=\x22\
12\x22 y=\x2212\x22 width\
=\x22232\x22 height=\x222\
32\x22 rx=\x2252\x22 fill\
=\x22url(#bg)\x22/>\x0a  \
<!-- broadcast w\
aves around a li\
ve dot: a stream\
 that is on air \
-->\x0a  <g fill=\x22n\
one\x22 stroke=\x22#e8\
eef9\x22 stroke-wid\
th=\x2214\x22 stroke-l\
inecap=\x22round\x22>\x0a\
    <path d=\x22M78\
 78 a70 70 0 0 0\
 0 100\x22/>\x0a    <p\
ath d=\x22M178 78 a\
70 70 0 0 1 0 10\
0\x22/>\x0a    <path d\
=\x22M102 101 a36 3\
6 0 0 0 0 54\x22/>\x0a\
    <path d=\x22M15\
4 101 a36 36 0 0\
 1 0 54\x22/>\x0a  </g\
>\x0a  <circle cx=\x22\
128\x22 cy=\x22128\x22 r=\
\x2217\x22 fill=\x22#ff4d\
4f\x22/>\x0a  <!-- the\
 stop control: w\
hat the app is f\
or -->\x0a  <rect x\
=\x22164\x22 y=\x22170\x22 w\
idth=\x2256\x22 height\
=\x2256\x22 rx=\x2212\x22 fi\
ll=\x22#ff4d4f\x22 str\
oke=\x22#141c2b\x22 st\
roke-width=\x228\x22/>\
\x0a  <rect x=\x22181\x22\
 y=\x22187\x22 width=\x22\
22\x22 height=\x2222\x22 \
rx=\x223\x22 fill=\x22#ff\
ffff\x22/>\x0a</svg>\x0a\
"

qt_resource_name = b"\
\x00\x07\
\x0by\xac{\
\x00t\
\x00p\x00s\x00d\x00e\x00s\x00k\
\x00\x05\
\x00o\xa6S\
\x00i\
\x00c\x00o\x00n\x00s\
\x00\x09\
\x00(\xad#\
\x00s\
\x00t\x00y\x00l\x00e\x00.\x00q\x00s\x00s\
\x00\x0b\
\x0cl\xa9\x87\
\x00t\
\x00p\x00s\x00d\x00e\x00s\x00k\x00.\x00s\x00v\x00g\
"

qt_resource_struct = b"\
\x00\x00\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x01\
\x00\x00\x00\x00\x00\x00\x00\x00\
\x00\x00\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00\x02\
\x00\x00\x00\x00\x00\x00\x00\x00\
\x00\x00\x00$\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\
\x00\x00\x01\xa2\x1b,~\x9a\
\x00\x00\x00\x14\x00\x02\x00\x00\x00\x01\x00\x00\x00\x04\
\x00\x00\x00\x00\x00\x00\x00\x00\
\x00\x00\x00<\x00\x00\x00\x00\x00\x01\x00\x00\x04U\
\x00\x00\x01\xa2\x1b\x1b\x86\xba\
"

def qInitResources():
    QtCore.qRegisterResourceData(0x03, qt_resource_struct, qt_resource_name, qt_resource_data)

def qCleanupResources():
    QtCore.qUnregisterResourceData(0x03, qt_resource_struct, qt_resource_name, qt_resource_data)

qInitResources()
