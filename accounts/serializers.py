from django.contrib.auth import authenticate
from rest_framework import serializers

from accounts.models import Department, Membership, User


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})

    def validate(self, attrs):
        user = authenticate(self.context.get("request"), email=attrs["email"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError("Unable to log in with that e-mail address and password.")
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


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
