#!/usr/bin/python3
# A real RTSP camera for CameraGatewayTest: GStreamer's RTSP server (Debian's gir1.2-gst-rtsp-server-1.0)
# serving an MJPEG AVI as RTP/JPEG (RFC 2435) at rtsp://127.0.0.1:PORT/cam, paced at the clip's own rate.
# ffmpeg cannot serve RTSP itself (its -rtsp_flags listen is for receiving a published stream).
# Usage: rtsp-camera.py PORT CLIP [LOGIN_FILE]   (LOGIN_FILE: one line user:password; the camera then asks for it, RTSP Basic)
import sys
import gi
gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import Gst, GstRtspServer, GLib

port, clip = sys.argv[1], sys.argv[2]
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch('( filesrc location="%s" ! avidemux ! jpegdec ! jpegenc quality=85 ! rtpjpegpay name=pay0 pt=26 )' % clip)
factory.set_shared(True)
if len(sys.argv) > 3:
    with open(sys.argv[3]) as f:
        user, password = f.readline().rstrip("\n").split(":", 1)
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", "viewer")
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
    server.set_auth(auth)
    permissions = GstRtspServer.RTSPPermissions()
    permissions.add_permission_for_role("viewer", "media.factory.access", True)
    permissions.add_permission_for_role("viewer", "media.factory.construct", True)
    factory.set_permissions(permissions)
server.get_mount_points().add_factory("/cam", factory)
server.attach(None)
print("serving rtsp://127.0.0.1:%s/cam" % port, flush=True)
GLib.MainLoop().run()
