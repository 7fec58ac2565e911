from django.contrib.auth import authenticate
from django.utils import timezone
from knox.models import AuthToken
from rest_framework import exceptions, serializers

from accounts.lockout import lockout_refusal_log
from accounts.models import AuditEntry, Department, Membership, Role, User


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})

    def validate(self, attrs):
        request = self.context.get("request")
        user = authenticate(request, email=attrs["email"], password=attrs["password"])
        if user is None and getattr(request, "axes_locked_out", False):
            # django-axes refused before any password check; say when, in the API's error shape, and log it.
            ends = lockout_refusal_log(request, {"email": attrs["email"]}, entry="the token endpoint")
            wait = max(1, int((ends - timezone.now()).total_seconds()))
            raise exceptions.Throttled(
                wait=wait,
                detail=f"Too many failed sign-in attempts for this account or from this address. "
                f"Try again after {ends.isoformat(timespec='seconds')}.",
            )
        if user is None:
            raise serializers.ValidationError("Unable to log in with that e-mail address and password.")
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class ApiTokenSerializer(serializers.ModelSerializer):
    """An API token as its owner sees it: which one, when issued, when it expires; never the key."""

    id = serializers.CharField(source="digest", help_text="Pass to DELETE /api/auth/tokens/<id>/ to revoke it.")
    current = serializers.SerializerMethodField(help_text="Whether this request was made with this token.")

    class Meta:
        model = AuthToken
        fields = ["id", "created", "expiry", "current"]

    def get_current(self, token: AuthToken) -> bool:
        used = getattr(self.context.get("request"), "auth", None)
        return isinstance(used, AuthToken) and used.digest == token.digest


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "slug", "is_contact_center"]


class MembershipSerializer(serializers.ModelSerializer):
    department = DepartmentSerializer(allow_null=True)

    class Meta:
        model = Membership
        fields = ["role", "department"]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True)
    roles = serializers.SerializerMethodField()
    departments = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "roles", "departments", "memberships"]

    def get_roles(self, user: User) -> list[str]:
        return sorted({m.role for m in user.memberships.all()})

    def get_departments(self, user: User) -> list[dict]:
        seen = {m.department_id: m.department for m in user.memberships.all() if m.department_id}
        return DepartmentSerializer(sorted(seen.values(), key=lambda d: d.name), many=True).data


# --- Administration (issue 18) -----------------------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)
    invited = serializers.SerializerMethodField(help_text="True until they choose a password.")

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "is_active", "invited", "memberships"]

    def get_invited(self, user: User) -> bool:
        return not user.has_usable_password()


class RoleRequestSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    department = serializers.SlugRelatedField(
        slug_field="slug", queryset=Department.objects.all(), required=False, allow_null=True, default=None
    )


class InvitationSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField(max_length=200)
    role = serializers.ChoiceField(choices=Role.choices, required=False, allow_null=True, default=None)
    department = serializers.SlugRelatedField(
        slug_field="slug", queryset=Department.objects.all(), required=False, allow_null=True, default=None
    )


class PersonChangeSerializer(serializers.Serializer):
    is_active = serializers.BooleanField()


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.EmailField(source="actor.email")
    user = serializers.EmailField(source="user.email", allow_null=True, default=None)
    department = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "action", "user", "department", "before", "after"]
