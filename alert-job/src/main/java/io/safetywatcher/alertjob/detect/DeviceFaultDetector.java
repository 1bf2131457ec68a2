package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.DeviceFaultRule;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.AlertType;

import java.io.Serializable;
import java.util.List;

/**
 * A camera whose frames keep being refused is a device fault, not a scene: while {@code
 * min_refused} of its last {@code window} frames were refused the condition holds; sound frames
 * push the refused ones out and clear it. Keyed by camera. Refused frames come here and nowhere
 * else: whatever they would have counted, no crowd detector sees it.
 */
public final class DeviceFaultDetector implements Serializable {
    private final RuleSet rules;

    public DeviceFaultDetector(RuleSet rules) {
        this.rules = rules;
    }

    /** A refused frame. */
    public List<Condition> detect(FrameFault f, FrameHealth s) {
        s.lastFault = f;
        return judge(f.cameraId(), f.zone(), f.time(), s.add(true, rules.deviceFault().window()), s, f.evidence());
    }

    /** A sound frame. */
    public List<Condition> detect(CameraFeatures f, FrameHealth s) {
        if (s.refused == 0) {
            return List.of(); // never faulty lately: nothing to say, and nothing to resolve
        }
        return judge(f.cameraId(), f.zone(), f.time(), s.add(false, rules.deviceFault().window()), s, f.evidence());
    }

    private List<Condition> judge(String camera, String zone, java.time.Instant t, int refused, FrameHealth s, String evidence) {
        DeviceFaultRule rule = rules.deviceFault();
        Fingerprint fp = new Fingerprint(AlertType.DEVICE_FAULT, zone, camera);
        if (refused < rule.minRefused()) {
            return List.of(Condition.clear(fp, t, List.of(camera)));
        }
        FrameFault last = s.lastFault;
        String summary = "camera " + camera + ": " + refused + " of its last " + s.seen + " frames refused (last: " + last.reason()
                + ", " + last.detail() + "); its view of " + zone + " is not watched";
        return List.of(Condition.active(fp, t, rules.alert(AlertType.DEVICE_FAULT).severity(), (double) refused / rule.window(),
                summary, List.of(camera), List.of(evidence)));
    }
}
